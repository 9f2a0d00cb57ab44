package dev.kongjian.feed.post;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * A post's counters (likes, comments, shares), each moved exactly once for every document it
 * counts that is stored or removed, without a transaction across the two documents and though
 * the instance may die between the two writes.
 *
 * <p>The counter moves first, and the change is kept pending on the post, in the same
 * single-document write, until the counted write is known to be done. The same write at the same
 * moment waits for it; a retry of a write that died finds the change pending and does not count
 * again; a write the other way (an unlike after a like) lets it stand where the document shows it
 * done; whatever stays pending longer than {@link #DIED_AFTER} is settled by the next counted
 * write of that counter on the post: kept if the document is as it meant to leave it, taken back
 * if not.
 */
@Component
public class PostCounters {

    /** How long a counted write may take before its pending change is settled by another's. */
    static final Duration DIED_AFTER = Duration.ofMinutes(1);
    /** How long a running counted write may keep its change pending before it is taken to have died. */
    static final Duration RUNNING_AT_MOST = Duration.ofSeconds(1);
    /** The field of a post that holds its pending changes. */
    static final String PENDING = "_pendingCounts";

    private record Pending(String op, String counter, long delta, Instant at) {
    }

    private final MongoTemplate mongo;
    private final Clock clock;

    PostCounters(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /**
     * Makes {@code write}, which stores ({@code delta > 0}) or removes ({@code delta < 0}) the
     * document {@code op} that the post's {@code counter} counts, and moves the counter by
     * {@code delta} once for it.
     *
     * @param stored whether a document this counter counts is stored now, by id
     * @param write  stores or removes the document: true if it did, false if it was so already.
     *               Where it throws, the change stays pending for a retry or a later settling.
     * @return what {@code write} answered
     */
    public boolean countedWrite(String postId, String counter, long delta, String op, Predicate<String> stored,
            BooleanSupplier write) {
        settleDied(postId, counter, stored);
        boolean counted = countPending(postId, counter, delta, op) || countOnceSettled(postId, counter, delta, op);
        if (!counted && settle(postId, op, stored, p -> p.delta() == -delta)) {
            counted = countPending(postId, counter, delta, op);
        }
        boolean wrote = write.getAsBoolean();
        if (counted && !wrote) {
            // done already, by a write that counted itself
            undo(postId, new Pending(op, counter, delta, null));
        } else if (wrote) {
            confirm(postId, op);
        } else {
            // not counted, not written: a change pending the same way was, and its write is done
            settle(postId, op, stored, p -> p.delta() == delta);
        }
        return wrote;
    }

    /**
     * Moves the counter and keeps the change pending under {@code op}; nothing, and false, while
     * a change under {@code op} is pending already. A decrement never takes a counter below zero.
     */
    private boolean countPending(String postId, String counter, long delta, String op) {
        Bson filter = Filters.and(Filters.eq("_id", postId), Filters.ne(PENDING + ".op", op));
        if (delta < 0) {
            filter = Filters.and(filter, Filters.gte(counter, -delta));
        }
        Document pending = new Document("op", op).append("counter", counter).append("delta", delta)
                .append("at", Date.from(clock.instant()));
        return posts().updateOne(filter, Updates.combine(Updates.inc(counter, delta), Updates.push(PENDING, pending)))
                .getModifiedCount() == 1;
    }

    /**
     * A change already pending under {@code op} is that of a request still running (the same like
     * twice at once: it is settled within milliseconds) or of one that died. Counts once the first
     * kind is gone; false if it stays, as the second kind does.
     */
    private boolean countOnceSettled(String postId, String counter, long delta, String op) {
        long deadline = System.nanoTime() + RUNNING_AT_MOST.toNanos();
        while (pending(postId).stream().anyMatch(p -> p.op().equals(op))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (countPending(postId, counter, delta, op)) {
                return true;
            }
        }
        // nothing pending: a decrement that would take the counter below zero
        return false;
    }

    /** Settles the changes pending under {@code op} that {@code which} selects; true if there were any. */
    private boolean settle(String postId, String op, Predicate<String> stored, Predicate<Pending> which) {
        boolean any = false;
        for (Pending pending : pending(postId)) {
            if (pending.op().equals(op) && which.test(pending)) {
                settle(postId, pending, stored);
                any = true;
            }
        }
        return any;
    }

    /** Settles the changes of {@code counter} pending for longer than any write takes. */
    private void settleDied(String postId, String counter, Predicate<String> stored) {
        Instant died = clock.instant().minus(DIED_AFTER);
        for (Pending pending : pending(postId)) {
            if (pending.counter().equals(counter) && pending.at().isBefore(died)) {
                settle(postId, pending, stored);
            }
        }
    }

    /** Keeps a pending change if its document is as it meant to leave it, else takes it back. */
    private void settle(String postId, Pending pending, Predicate<String> stored) {
        if (stored.test(pending.op()) == (pending.delta() > 0)) {
            confirm(postId, pending.op());
        } else {
            undo(postId, pending);
        }
    }

    private void confirm(String postId, String op) {
        posts().updateOne(Filters.eq("_id", postId), Updates.pull(PENDING, new Document("op", op)));
    }

    /** Takes a pending change back, once however often this is called. */
    private void undo(String postId, Pending pending) {
        posts().updateOne(Filters.and(Filters.eq("_id", postId), Filters.eq(PENDING + ".op", pending.op())),
                Updates.combine(Updates.inc(pending.counter(), -pending.delta()),
                        Updates.pull(PENDING, new Document("op", pending.op()))));
    }

    private List<Pending> pending(String postId) {
        Document doc = posts().find(Filters.eq("_id", postId)).projection(new Document(PENDING, 1)).first();
        if (doc == null) {
            return List.of();
        }
        return doc.getList(PENDING, Document.class, List.of()).stream()
                .map(p -> new Pending(p.getString("op"), p.getString("counter"), ((Number) p.get("delta")).longValue(),
                        p.getDate("at").toInstant()))
                .toList();
    }

    private MongoCollection<Document> posts() {
        return mongo.getCollection(Posts.COLLECTION);
    }
}
