package dev.kongjian.kit.mongo;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

/**
 * Facts a service keeps from another's events (a friendship, a block, a profile), which may
 * arrive twice or out of order: each document keeps the time of the event that last wrote it,
 * and an event no newer than that changes nothing.
 */
public final class LatestFacts {

    public static final String CHANGED_AT = "changedAt";

    private LatestFacts() {
    }

    /** Sets {@code fields} on document {@code id} as of {@code at}, unless a change as new or newer is stored; tells whether it wrote. */
    public static boolean write(MongoCollection<Document> collection, String id, Instant at, Document fields) {
        Date when = Date.from(at);
        Document current = collection.find(Filters.eq("_id", id)).first();
        if (current != null && current.getDate(CHANGED_AT) != null && !current.getDate(CHANGED_AT).before(when)) {
            // the document holds this change or a newer one: old news (a redelivery, or out of order)
            return false;
        }
        Document values = new Document(fields).append(CHANGED_AT, when);
        try {
            if (current == null) {
                // the common case, a first fact about something: an insert, checked by the primary index
                Document inserted = new Document("_id", id);
                inserted.putAll(values);
                collection.insertOne(inserted);
                return true;
            }
            return collection.updateOne(Filters.and(Filters.eq("_id", id), Filters.or(Filters.lt(CHANGED_AT, when),
                    Filters.exists(CHANGED_AT, false))), new Document("$set", values)).getModifiedCount() == 1;
        } catch (RuntimeException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                // written by someone else in the meantime: decide again against what is there now
                return write(collection, id, at, fields);
            }
            throw e;
        }
    }
}
