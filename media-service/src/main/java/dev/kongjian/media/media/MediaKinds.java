package dev.kongjian.media.media;

import java.util.Map;
import java.util.Optional;

import org.apache.tika.Tika;

/**
 * What an upload is, decided from its first bytes (Tika's magic numbers), never from its name or
 * declared type: a text file called {@code cat.jpg} is no image. Only the types listed here are
 * taken; anything else is refused.
 */
final class MediaKinds {

    enum Kind { IMAGE, VIDEO, AUDIO }

    record Detected(Kind kind, String contentType) {
    }

    /** How many leading bytes are enough to tell. */
    static final int HEAD_BYTES = 64 * 1024;

    private static final Tika TIKA = new Tika();

    private static final Map<String, Detected> ACCEPTED = Map.ofEntries(
            image("image/jpeg"), image("image/png"), image("image/gif"), image("image/webp"), image("image/bmp"),
            video("video/mp4"), video("video/quicktime"), video("video/webm"), video("video/x-matroska"),
            video("video/3gpp"), video("video/x-msvideo"),
            audio("audio/mpeg"), audio("audio/mp4"), audio("audio/ogg"), audio("audio/vorbis"), audio("audio/opus"),
            audio("audio/vnd.wave"), audio("audio/x-wav"), audio("audio/wav"), audio("audio/x-flac"),
            audio("audio/flac"), audio("audio/aac"), audio("audio/amr"));

    private MediaKinds() {
    }

    static Optional<Detected> detect(byte[] head) {
        return Optional.ofNullable(ACCEPTED.get(TIKA.detect(head)));
    }

    private static Map.Entry<String, Detected> image(String type) {
        return Map.entry(type, new Detected(Kind.IMAGE, type));
    }

    private static Map.Entry<String, Detected> video(String type) {
        return Map.entry(type, new Detected(Kind.VIDEO, type));
    }

    private static Map.Entry<String, Detected> audio(String type) {
        return Map.entry(type, new Detected(Kind.AUDIO, type));
    }
}
