package dev.kongjian.events;

import java.time.Instant;

/** Facts published by media-service on {@code media.events}, keyed by the media id. */
public sealed interface MediaEvent extends KongjianEvent {

    String mediaId();

    String ownerId();

    @Override
    default String aggregateId() {
        return mediaId();
    }

    @Override
    default String topic() {
        return Topics.MEDIA_EVENTS;
    }

    enum Kind { IMAGE, VIDEO, AUDIO }

    /** An upload was stored whole and may be shown: {@code durationMs} for video and sound where known. */
    record MediaUploaded(String id, String mediaId, String ownerId, Kind kind, String contentType, long size,
            Long durationMs, Instant occurredAt, int version) implements MediaEvent {
    }

    /** Its owner deleted it: the bytes are gone, and whatever refers to it should let go. */
    record MediaDeleted(String id, String mediaId, String ownerId, Instant occurredAt, int version)
            implements MediaEvent {
    }
}
