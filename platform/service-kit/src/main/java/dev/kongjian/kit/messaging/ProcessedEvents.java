package dev.kongjian.kit.messaging;

import java.time.Clock;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.events.KongjianEvent;

/**
 * The ledger of events a consumer has applied, so that a redelivered event has no second
 * effect. The effect runs first and the mark after: a crash between the two repeats the
 * effect once, so effects must be safe to repeat (upserts, set-adds), and most are.
 */
public final class ProcessedEvents {

    static final String COLLECTION = "processed_events";

    private final MongoTemplate mongo;
    private final Clock clock;

    public ProcessedEvents(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Runs {@code effect} unless {@code consumer} already applied {@code event}; tells whether it ran. */
    public boolean applyOnce(String consumer, KongjianEvent event, Runnable effect) {
        String id = consumer + ":" + event.id();
        if (mongo.getCollection(COLLECTION).find(new Document("_id", id)).first() != null) {
            return false;
        }
        effect.run();
        try {
            mongo.getCollection(COLLECTION).insertOne(new Document("_id", id).append("type", event.type())
                    .append("appliedAt", java.util.Date.from(clock.instant())));
        } catch (RuntimeException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            // another instance applied it at the same moment; the effect is repeatable
        }
        return true;
    }
}
