package dev.kongjian.mall.order;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.kit.mongo.DuplicateKeys;

/**
 * How long each user's VIP membership runs: a purchase extends it from its end, or from now if it
 * has lapsed. Each extension is a conditional update on the end it read and records the order, so
 * that two purchases at once both count and a retried order counts once.
 */
@Component
class Memberships {

    static final String MEMBERSHIPS = "memberships";
    private static final int ORDERS_KEPT = 32;

    private final MongoTemplate mongo;

    Memberships(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Extends the user's membership by {@code length} for {@code orderId}, once; answers its new end. */
    Instant extend(String userId, String orderId, Duration length, Instant now) {
        while (true) {
            Document membership = mongo.getCollection(MEMBERSHIPS).find(Filters.eq("_id", userId)).first();
            Optional<Instant> done = membership == null ? Optional.empty() : extendedBy(membership, orderId);
            if (done.isPresent()) {
                return done.get();
            }
            Instant from = membership == null || membership.getDate("vipUntil").toInstant().isBefore(now) ? now
                    : membership.getDate("vipUntil").toInstant();
            Instant until = from.plus(length);
            Document mark = new Document("orderId", orderId).append("until", Date.from(until));
            if (membership == null) {
                if (DuplicateKeys.insertedOnce(() -> mongo.getCollection(MEMBERSHIPS).insertOne(new Document("_id", userId)
                        .append("vipUntil", Date.from(until)).append("orders", List.of(mark))))) {
                    return until;
                }
                continue;
            }
            if (mongo.getCollection(MEMBERSHIPS).updateOne(
                    Filters.and(Filters.eq("_id", userId), Filters.eq("vipUntil", membership.getDate("vipUntil"))),
                    Updates.combine(Updates.set("vipUntil", Date.from(until)),
                            Updates.pushEach("orders", List.of(mark), new PushOptions().slice(-ORDERS_KEPT))))
                    .getModifiedCount() == 1) {
                return until;
            }
        }
    }

    private static Optional<Instant> extendedBy(Document membership, String orderId) {
        return membership.getList("orders", Document.class, List.of()).stream()
                .filter(mark -> orderId.equals(mark.getString("orderId"))).findFirst()
                .map(mark -> mark.getDate("until").toInstant());
    }
}
