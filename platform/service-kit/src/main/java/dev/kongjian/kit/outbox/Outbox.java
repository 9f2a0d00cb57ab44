package dev.kongjian.kit.outbox;

import java.time.Clock;
import java.util.function.Supplier;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.KongjianEvent;

/**
 * Publishes events at least once without multi-document transactions. The event is written to
 * the {@code outbox} collection before the change, the change marks its document with the event
 * id (in the same single-document write), then the event is confirmed and the relay sends it.
 * A crash between the steps is repaired by the relay: a prepared event whose document carries
 * the mark is sent, one whose document does not is dropped, because its change never happened.
 */
public final class Outbox {

    public static final String COLLECTION = "outbox";
    /** The field on an aggregate document that lists the ids of its latest events. */
    public static final String MARK_FIELD = "_outboxEventIds";
    static final int MARKS_KEPT = 16;

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Runnable wakeRelay;

    public Outbox(MongoTemplate mongo, Clock clock, Runnable wakeRelay) {
        this.mongo = mongo;
        this.clock = clock;
        this.wakeRelay = wakeRelay;
    }

    /**
     * Runs {@code change}, which must write the aggregate document ({@code collection},
     * {@code documentId}) with {@link #mark(Update, KongjianEvent)} or {@link #mark(Document, KongjianEvent)},
     * and publishes {@code event} if and only if the change succeeded.
     */
    public <T> T publishWith(KongjianEvent event, String collection, Object documentId, Supplier<T> change) {
        mongo.insert(OutboxRecord.prepared(event, collection, documentId, clock.instant()), COLLECTION);
        T result;
        try {
            result = change.get();
        } catch (RuntimeException e) {
            mongo.remove(Query.query(Criteria.where("_id").is(event.id())), COLLECTION);
            throw e;
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(event.id())),
                Update.update("state", OutboxRecord.State.READY), COLLECTION);
        wakeRelay.run();
        return result;
    }

    /** Adds the event's mark to an update of the aggregate document (keeps the last few). */
    public static Update mark(Update update, KongjianEvent event) {
        return update.push(MARK_FIELD).slice(-MARKS_KEPT).each(event.id());
    }

    /** Adds the event's mark to a document about to be inserted. */
    public static Document mark(Document document, KongjianEvent event) {
        document.put(MARK_FIELD, java.util.List.of(event.id()));
        return document;
    }

    static String payload(KongjianEvent event) {
        return EventJson.writeString(event);
    }
}
