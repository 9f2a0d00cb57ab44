package dev.kongjian.media.media;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.bson.BsonString;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;

import dev.kongjian.events.MediaEvent;
import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.kit.problem.NotFound;
import dev.kongjian.media.MediaProperties;
import dev.kongjian.media.people.People;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Media: metadata in {@code media}, bytes in GridFS (bucket {@code media}). An upload is taken
 * as a stream: its kind is decided from its first bytes, and it stops, with a 413, as soon as
 * it passes its kind's limit, so an oversized file is never stored whole. The metadata is
 * written first as {@code PROCESSING} and becomes {@code READY} with the bytes' size, hash and
 * (for an image) dimensions; what a crash leaves processing is cleared after an hour.
 */
@Service
public class MediaLibrary {

    private static final Logger log = LoggerFactory.getLogger(MediaLibrary.class);
    static final String MEDIA = "media";
    static final String DELETED = "DELETED";
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    public record Media(String id, String ownerId, MediaKinds.Kind kind, String contentType, long size, Integer width,
            Integer height, Long durationMs, String status, Instant createdAt) {
    }

    /** Stored metadata with what content and thumbnails need. */
    record Stored(Media media, String etag) {
    }

    private final MongoTemplate mongo;
    private final People people;
    private final MediaProperties properties;
    private final Clock clock;
    private final GridFSBucket bytes;
    private final Thumbnails thumbnails;
    private final AudioVideo audioVideo;
    private final Outbox outbox;
    private final MeterRegistry meters;

    MediaLibrary(MongoTemplate mongo, People people, MediaProperties properties, Clock clock, Thumbnails thumbnails,
            AudioVideo audioVideo, Outbox outbox, MeterRegistry meters) {
        this.mongo = mongo;
        this.people = people;
        this.properties = properties;
        this.clock = clock;
        this.thumbnails = thumbnails;
        this.audioVideo = audioVideo;
        this.outbox = outbox;
        this.meters = meters;
        this.bytes = GridFSBuckets.create(mongo.getDb(), MEDIA);
    }

    /** The most any upload by this user may be: a request declaring more is refused before it is read. */
    long largestUpload(String ownerId) {
        return limit(ownerId, MediaKinds.Kind.VIDEO);
    }

    long limit(String ownerId, MediaKinds.Kind kind) {
        long base = switch (kind) {
            case IMAGE -> properties.maxImage().toBytes();
            case AUDIO -> properties.maxAudio().toBytes();
            case VIDEO -> properties.maxVideo().toBytes();
        };
        return people.isVip(ownerId) ? base * properties.vipFactor() : base;
    }

    /**
     * Stores one upload's bytes, as they arrive. Counted in {@code kongjian.media.uploads} by
     * outcome (and kind, once known), with the sizes stored in {@code kongjian.media.upload.size}.
     */
    Media store(String ownerId, String id, InputStream upload) throws IOException {
        try {
            Media media = storeBytes(ownerId, id, upload);
            meters.counter("kongjian.media.uploads", "outcome", "stored", "kind", media.kind().name()).increment();
            DistributionSummary.builder("kongjian.media.upload.size").baseUnit("bytes").tag("kind", media.kind().name())
                    .register(meters).record(media.size());
            return media;
        } catch (TooLarge e) {
            meters.counter("kongjian.media.uploads", "outcome", "too-large", "kind", e.kind.name()).increment();
            throw e;
        } catch (UnsupportedMedia e) {
            meters.counter("kongjian.media.uploads", "outcome", "unsupported", "kind", "none").increment();
            throw e;
        }
    }

    private Media storeBytes(String ownerId, String id, InputStream upload) throws IOException {
        BufferedInputStream in = new BufferedInputStream(upload, MediaKinds.HEAD_BYTES);
        in.mark(MediaKinds.HEAD_BYTES);
        byte[] head = in.readNBytes(MediaKinds.HEAD_BYTES);
        in.reset();
        MediaKinds.Detected detected = MediaKinds.detect(head).orElseThrow(UnsupportedMedia::new);
        long limit = limit(ownerId, detected.kind());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Document processing = new Document("_id", id).append("ownerId", ownerId)
                .append("kind", detected.kind().name()).append("contentType", detected.contentType())
                .append("status", "PROCESSING").append("createdAt", Date.from(now));
        if (!DuplicateKeys.insertedOnce(() -> mongo.getCollection(MEDIA).insertOne(processing))) {
            // the same Idempotency-Key, at the same moment
            throw new StillUploading();
        }
        try {
            Written written = write(id, in, limit, detected);
            Integer width;
            Integer height;
            Long durationMs = null;
            if (detected.kind() == MediaKinds.Kind.IMAGE) {
                var size = thumbnails.dimensions(() -> bytes.openDownloadStream(new BsonString(id)))
                        .orElseThrow(UnsupportedMedia::new);
                width = size.width();
                height = size.height();
            } else {
                var facts = audioVideo.of(detected.contentType(), () -> bytes.openDownloadStream(new BsonString(id)));
                width = facts.width();
                height = facts.height();
                durationMs = facts.durationMs();
            }
            var uploaded = new MediaEvent.MediaUploaded(UUID.randomUUID().toString(), id, ownerId,
                    MediaEvent.Kind.valueOf(detected.kind().name()), detected.contentType(), written.size(), durationMs,
                    clock.instant(), 1);
            Update ready = new Update().set("size", written.size()).set("etag", written.etag()).set("width", width)
                    .set("height", height).set("durationMs", durationMs).set("status", "READY");
            long matched = outbox.publishWith(uploaded, MEDIA, id, () -> mongo.updateFirst(
                    Query.query(Criteria.where("_id").is(id).and("status").is("PROCESSING")),
                    Outbox.mark(ready, uploaded), MEDIA).getMatchedCount());
            if (matched == 0) {
                // deleted by its owner while it was being stored
                throw new NotFound("That media");
            }
            return stored(id).media();
        } catch (NotFound e) {
            // its tombstone stays, to carry MediaDeleted
            removeContent(id);
            throw e;
        } catch (IOException | RuntimeException e) {
            forget(id);
            throw e;
        }
    }

    private record Written(long size, String etag) {
    }

    private Written write(String id, InputStream in, long limit, MediaKinds.Detected detected) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        GridFSUploadStream out = bytes.openUploadStream(new BsonString(id), id,
                new GridFSUploadOptions().metadata(new Document("contentType", detected.contentType())));
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            int read;
            while ((read = in.read(buffer)) != -1) {
                size += read;
                if (size > limit) {
                    throw new TooLarge(detected.kind(), limit);
                }
                out.write(buffer, 0, read);
                sha256.update(buffer, 0, read);
            }
            out.close();
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
        if (size == 0) {
            throw new UnsupportedMedia();
        }
        return new Written(size, "\"" + HexFormat.of().formatHex(sha256.digest()) + "\"");
    }

    /** The media, to anyone signed in who has its id, unless its owner and the viewer are hidden from each other. */
    Stored get(String viewer, String id) {
        Stored stored = stored(id);
        if (stored == null || DELETED.equals(stored.media().status())
                || !"READY".equals(stored.media().status()) && !viewer.equals(stored.media().ownerId())
                || people.blockedEitherWay(viewer, stored.media().ownerId())) {
            throw new NotFound("That media");
        }
        return stored;
    }

    /**
     * What an earlier upload with the same Idempotency-Key (so the same id) became: the stored
     * media to answer again, nothing if there was none, {@code 409} while it is still being stored
     * and {@code 404} if it was deleted since.
     */
    Optional<Media> earlierUpload(String ownerId, String id) {
        Stored stored = stored(id);
        if (stored == null) {
            return Optional.empty();
        }
        if (!ownerId.equals(stored.media().ownerId()) || DELETED.equals(stored.media().status())) {
            throw new NotFound("That media");
        }
        if (!"READY".equals(stored.media().status())) {
            throw new StillUploading();
        }
        return Optional.of(stored.media());
    }

    /** The media, if the caller owns it. */
    public Media owned(String caller, String id) {
        Stored stored = get(caller, id);
        if (!caller.equals(stored.media().ownerId())) {
            throw new NotYours();
        }
        return stored.media();
    }

    public List<Media> ready(List<String> ids) {
        return mongo.getCollection(MEDIA).find(Filters.and(Filters.in("_id", ids), Filters.eq("status", "READY")))
                .map(doc -> view(doc)).into(new ArrayList<>());
    }

    InputStream open(String id) {
        return bytes.openDownloadStream(new BsonString(id));
    }

    /**
     * Deletes an owner's media: the document becomes a tombstone carrying {@code MediaDeleted}
     * (what refers to the media lets go of it), then the bytes, thumbnails and album entries go.
     * A crash in between is finished by {@link #sweep()}.
     */
    void delete(String caller, String id) {
        owned(caller, id);
        var deleted = new MediaEvent.MediaDeleted(UUID.randomUUID().toString(), id, caller, clock.instant(), 1);
        Update tombstone = new Update().set("status", DELETED).set("deletedAt", Date.from(deleted.occurredAt()));
        long matched = outbox.publishWith(deleted, MEDIA, id, () -> mongo.updateFirst(
                Query.query(Criteria.where("_id").is(id).and("status").ne(DELETED)), Outbox.mark(tombstone, deleted),
                MEDIA).getMatchedCount());
        if (matched == 0) {
            throw new NotFound("That media");
        }
        removeContent(id);
    }

    /**
     * Takes back an upload whose request failed after its bytes were stored (a bad album, a
     * broken multipart body): its id was never given to the client, so nothing refers to it, and
     * a retry with the same Idempotency-Key stores it afresh.
     */
    void discard(String id) {
        forget(id);
    }

    private void forget(String id) {
        mongo.getCollection(MEDIA).deleteOne(Filters.eq("_id", id));
        removeContent(id);
    }

    private void removeContent(String id) {
        try {
            bytes.delete(new BsonString(id));
        } catch (MongoGridFSException e) {
            // no bytes were stored yet, or they are gone already
        }
        thumbnails.forget(id);
        mongo.getCollection("album_items").deleteMany(Filters.eq("mediaId", id));
    }

    /**
     * Clears uploads an instance was taking when it died, and tombstones of deleted media once
     * their event has long been sent (finishing a deletion a crash interrupted).
     */
    @Scheduled(fixedDelayString = "${kongjian.media.sweep-every:10m}", initialDelayString = "${kongjian.media.sweep-every:10m}")
    public void sweep() {
        Date before = Date.from(clock.instant().minus(ABANDONED_AFTER));
        for (Document abandoned : mongo.getCollection(MEDIA)
                .find(Filters.and(Filters.eq("status", "PROCESSING"), Filters.lt("createdAt", before)))
                .into(new ArrayList<>())) {
            log.info("Clearing upload {}, abandoned while processing", abandoned.getString("_id"));
            forget(abandoned.getString("_id"));
        }
        for (Document tombstone : mongo.getCollection(MEDIA)
                .find(Filters.and(Filters.eq("status", DELETED), Filters.lt("deletedAt", before)))
                .into(new ArrayList<>())) {
            forget(tombstone.getString("_id"));
        }
    }

    private Stored stored(String id) {
        Document doc = mongo.getCollection(MEDIA).find(Filters.eq("_id", id)).first();
        return doc == null ? null : new Stored(view(doc), doc.getString("etag"));
    }

    private static Media view(Document doc) {
        return new Media(doc.getString("_id"), doc.getString("ownerId"), MediaKinds.Kind.valueOf(doc.getString("kind")),
                doc.getString("contentType"), doc.get("size") instanceof Number n ? n.longValue() : 0,
                doc.getInteger("width"), doc.getInteger("height"),
                doc.get("durationMs") instanceof Number d ? d.longValue() : null, doc.getString("status"),
                doc.getDate("createdAt").toInstant());
    }

    static final class UnsupportedMedia extends DomainException {
        private static final long serialVersionUID = 1L;

        UnsupportedMedia() {
            super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media",
                    "The file is not an image (JPEG, PNG, GIF, WebP, BMP), a video (MP4, QuickTime, WebM, Matroska, "
                            + "3GP, AVI) or audio (MP3, AAC, M4A, Ogg, Opus, WAV, FLAC, AMR)");
        }
    }

    /** Over its kind's limit: refused as soon as the stream passed it, before the rest was stored. */
    static final class TooLarge extends DomainException {
        private static final long serialVersionUID = 1L;

        private final MediaKinds.Kind kind;

        TooLarge(MediaKinds.Kind kind, long limit) {
            super(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", kind.name().charAt(0)
                    + kind.name().substring(1).toLowerCase(java.util.Locale.ROOT) + " uploads are limited to " + limit
                    + " bytes");
            this.kind = kind;
        }
    }

    static final class StillUploading extends DomainException {
        private static final long serialVersionUID = 1L;

        StillUploading() {
            super(HttpStatus.CONFLICT, "request-in-progress",
                    "An upload with this Idempotency-Key is still being stored; try again in a moment");
        }
    }

    static final class NotYours extends DomainException {
        private static final long serialVersionUID = 1L;

        NotYours() {
            super(HttpStatus.FORBIDDEN, "not-the-owner", "Only the media's owner may do that");
        }
    }
}
