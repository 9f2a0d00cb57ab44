package dev.kongjian.feed.post;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.FeedEvent;
import dev.kongjian.events.FeedEvent.Visibility;
import dev.kongjian.feed.graph.FriendGraph;
import dev.kongjian.kit.idempotency.IdempotentIds;
import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.InvalidRequest;
import dev.kongjian.kit.problem.NotFound;

/**
 * Posts: writing them (each write carries its event's outbox mark in the same single-document
 * write), reading them under the visibility rule, and the counters others keep on them.
 */
@Service
public class Posts {

    public static final String COLLECTION = "posts";
    /** The field of a post that holds its {@link PendingCount pending counter changes}. */
    static final String PENDING_COUNTS = "_pendingCounts";
    static final int MAX_TEXT = 5000;
    static final int MAX_MEDIA = 9;

    private final MongoTemplate mongo;
    private final FriendGraph graph;
    private final Outbox outbox;
    private final Clock clock;

    Posts(MongoTemplate mongo, FriendGraph graph, Outbox outbox, Clock clock) {
        this.mongo = mongo;
        this.graph = graph;
        this.outbox = outbox;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(COLLECTION).createIndex(new Index().on("authorId", org.springframework.data.domain.Sort.Direction.ASC)
                .on("createdAt", org.springframework.data.domain.Sort.Direction.DESC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("visibility", org.springframework.data.domain.Sort.Direction.ASC)
                .on("createdAt", org.springframework.data.domain.Sort.Direction.DESC));
        // a retried share recounts the shares of its original
        mongo.indexOps(COLLECTION).createIndex(new Index("sharedPostId", org.springframework.data.domain.Sort.Direction.ASC));
    }

    /**
     * Stores a new post (a share too) with its events. With an Idempotency-Key its id is the
     * key's, so a retry after a crash answers the post the first attempt stored.
     */
    Post create(String authorId, String text, List<String> mediaIds, Visibility visibility, String sharedPostId,
            String idempotencyKey) {
        List<String> media = mediaIds == null ? List.of() : mediaIds.stream().distinct().toList();
        boolean hasText = text != null && !text.isBlank();
        if (!hasText && media.isEmpty() && sharedPostId == null) {
            throw new InvalidRequest("text", "a post needs text, media or a shared post");
        }
        // only what the author may see can be shared; the original is embedded while it stays visible
        Post original = sharedPostId == null ? null : readable(authorId, sharedPostId);
        Instant now = now();
        String id = IdempotentIds.newId(idempotencyKey, "post", authorId);
        List<String> mentioned = mentioned(authorId, text);
        var created = new FeedEvent.PostCreated(UUID.randomUUID().toString(), id, authorId, visibility, mentioned,
                media, sharedPostId, now, 1);
        Document doc = new Document("_id", id).append("authorId", authorId).append("text", hasText ? text : null)
                .append("mediaIds", media).append("visibility", visibility.name()).append("sharedPostId", sharedPostId)
                .append("mentionedUserIds", mentioned).append("likeCount", 0L).append("commentCount", 0L)
                .append("shareCount", 0L).append("createdAt", Date.from(now)).append("deleted", false);
        try {
            if (sharedPostId == null) {
                outbox.publishWith(created, COLLECTION, id, () -> mongo.getCollection(COLLECTION)
                        .insertOne(Outbox.mark(doc, created)));
            } else {
                var shared = new FeedEvent.PostShared(UUID.randomUUID().toString(), id, original.authorId(),
                        sharedPostId, authorId, now, 1);
                doc.put(Outbox.MARK_FIELD, List.of(created.id(), shared.id()));
                outbox.publishWith(shared, COLLECTION, id, () -> outbox.publishWith(created, COLLECTION, id,
                        () -> mongo.getCollection(COLLECTION).insertOne(doc)));
                adjustCount(sharedPostId, "shareCount", 1);
            }
        } catch (RuntimeException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            // a retry: the first attempt stored the post, and may have died before counting the share
            if (sharedPostId != null) {
                recount(sharedPostId, "shareCount", COLLECTION,
                        Filters.and(Filters.eq("sharedPostId", sharedPostId), Filters.eq("deleted", false)));
            }
            return find(id).orElseThrow();
        }
        return Post.from(doc);
    }

    public java.util.Optional<Post> find(String id) {
        return java.util.Optional.ofNullable(mongo.getCollection(COLLECTION).find(Filters.eq("_id", id)).first())
                .map(Post::from);
    }

    public Map<String, Post> findAll(Collection<String> ids) {
        Map<String, Post> found = new HashMap<>();
        if (!ids.isEmpty()) {
            mongo.getCollection(COLLECTION).find(Filters.in("_id", Set.copyOf(ids)))
                    .forEach(doc -> found.put(doc.getString("_id"), Post.from(doc)));
        }
        return found;
    }

    /** The post, if the viewer may see it; otherwise it does not exist for them (404, never 403). */
    public Post readable(String viewer, String id) {
        return find(id).filter(post -> post.visibleTo(graph.relation(viewer, post.authorId())))
                .orElseThrow(() -> new NotFound("That post"));
    }

    Post edit(String viewer, String id, String text, Visibility visibility) {
        Post post = authored(viewer, id);
        String newText = text == null ? post.text() : (text.isBlank() ? null : text);
        if (newText == null && post.mediaIds().isEmpty() && post.sharedPostId() == null) {
            throw new InvalidRequest("text", "a post needs text, media or a shared post");
        }
        Visibility newVisibility = visibility == null ? post.visibility() : visibility;
        Instant now = now();
        List<String> mentioned = text == null ? post.mentionedUserIds() : mentioned(viewer, newText);
        var updated = new FeedEvent.PostUpdated(UUID.randomUUID().toString(), id, viewer, newVisibility, now, 1);
        outbox.publishWith(updated, COLLECTION, id, () -> mongo.updateFirst(
                Query.query(Criteria.where("_id").is(id).and("deleted").is(false)),
                Outbox.mark(new Update().set("text", newText).set("visibility", newVisibility.name())
                        .set("mentionedUserIds", mentioned).set("editedAt", Date.from(now)), updated),
                COLLECTION));
        return find(id).filter(p -> !p.deleted()).orElseThrow(() -> new NotFound("That post"));
    }

    void delete(String viewer, String id) {
        Post post = authored(viewer, id);
        var deleted = new FeedEvent.PostDeleted(UUID.randomUUID().toString(), id, viewer, now(), 1);
        boolean removed = outbox.publishWith(deleted, COLLECTION, id, () -> {
            long matched = mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("deleted").is(false)),
                    Outbox.mark(new Update().set("deleted", true).set("deletedAt", Date.from(deleted.occurredAt()))
                            .unset("text").set("mediaIds", List.of()).set("mentionedUserIds", List.of()), deleted),
                    COLLECTION).getMatchedCount();
            if (matched == 0) {
                throw new NotFound("That post");
            }
            return true;
        });
        if (removed && post.sharedPostId() != null) {
            adjustCount(post.sharedPostId(), "shareCount", -1);
        }
    }

    /**
     * Sets one of a post's counters to the number of {@code counted} documents in {@code collection}:
     * for a retry after a crash, which cannot tell whether the first attempt moved the counter.
     */
    public void recount(String postId, String counter, String collection, Bson counted) {
        long actual = mongo.getCollection(collection).countDocuments(counted);
        mongo.getCollection(COLLECTION).updateOne(Filters.eq("_id", postId), Updates.set(counter, actual));
    }

    /**
     * A change to one of a post's counters whose counted write (a like stored or removed) may not
     * have happened yet: kept on the post, in the same single-document write as the change, until
     * the write is known to have happened or not.
     */
    public record PendingCount(String op, String counter, long delta, Instant at) {
    }

    /**
     * Moves a counter for a write about to be made ({@code op} names it), and keeps the change
     * pending on the post ({@link #confirmCount} or {@link #undoCount} settle it). Nothing changes,
     * and false is answered, while a change under the same {@code op} is pending: that of an
     * attempt that died, or is still running, which already moved the counter. A decrement is
     * never taken below zero.
     */
    public boolean countPending(String postId, String counter, long delta, String op) {
        Bson filter = Filters.and(Filters.eq("_id", postId), Filters.ne(PENDING_COUNTS + ".op", op));
        if (delta < 0) {
            filter = Filters.and(filter, Filters.gte(counter, -delta));
        }
        Document pending = new Document("op", op).append("counter", counter).append("delta", delta)
                .append("at", Date.from(now()));
        return mongo.getCollection(COLLECTION).updateOne(filter,
                Updates.combine(Updates.inc(counter, delta), Updates.push(PENDING_COUNTS, pending)))
                .getModifiedCount() == 1;
    }

    /** The counted write happened: the pending change under {@code op} stands. */
    public void confirmCount(String postId, String op) {
        mongo.getCollection(COLLECTION).updateOne(Filters.eq("_id", postId),
                Updates.pull(PENDING_COUNTS, new Document("op", op)));
    }

    /** The counted write did not happen: the pending change is taken back (once, however often this is called). */
    public void undoCount(String postId, PendingCount pending) {
        mongo.getCollection(COLLECTION).updateOne(
                Filters.and(Filters.eq("_id", postId), Filters.eq(PENDING_COUNTS + ".op", pending.op())),
                Updates.combine(Updates.inc(pending.counter(), -pending.delta()),
                        Updates.pull(PENDING_COUNTS, new Document("op", pending.op()))));
    }

    /** The changes still pending on a post's counters. */
    public List<PendingCount> pendingCounts(String postId) {
        Document doc = mongo.getCollection(COLLECTION).find(Filters.eq("_id", postId))
                .projection(new Document(PENDING_COUNTS, 1)).first();
        if (doc == null) {
            return List.of();
        }
        return doc.getList(PENDING_COUNTS, Document.class, List.of()).stream()
                .map(p -> new PendingCount(p.getString("op"), p.getString("counter"),
                        ((Number) p.get("delta")).longValue(), p.getDate("at").toInstant()))
                .toList();
    }

    /** Adds {@code delta} to one of a post's counters, never below zero. */
    public void adjustCount(String postId, String counter, long delta) {
        Bson filter = delta < 0 ? Filters.and(Filters.eq("_id", postId), Filters.gte(counter, -delta))
                : Filters.eq("_id", postId);
        mongo.getCollection(COLLECTION).updateOne(filter, Updates.inc(counter, delta));
    }

    /** An author's posts that the viewer may see, newest first (the space). */
    public List<Post> space(String authorId, Set<Visibility> visible, PageRequest page) {
        Bson base = Filters.and(Filters.eq("authorId", authorId), Filters.eq("deleted", false),
                Filters.in("visibility", visible.stream().map(Enum::name).toList()));
        return mongo.getCollection(COLLECTION).find(Keyset.newestFirst(base, "createdAt", page))
                .sort(Keyset.newestFirstSort("createdAt")).limit(page.limit() + 1).map(Post::from)
                .into(new ArrayList<>());
    }

    /**
     * The newest posts of these authors that their friends may see, older than the position
     * ({@code beforeTime}, {@code beforeId}) when one is given: what a home timeline is made of.
     */
    public List<Post> recentForFriends(Collection<String> authorIds, Instant beforeTime, String beforeId, int limit) {
        if (authorIds.isEmpty() || limit <= 0) {
            return List.of();
        }
        Bson filter = Filters.and(Filters.in("authorId", Set.copyOf(authorIds)), Filters.eq("deleted", false),
                Filters.in("visibility", Visibility.PUBLIC.name(), Visibility.FRIENDS.name()));
        if (beforeTime != null) {
            Date at = Date.from(beforeTime);
            filter = Filters.and(filter, Filters.or(Filters.lt("createdAt", at),
                    Filters.and(Filters.eq("createdAt", at), Filters.lt("_id", beforeId))));
        }
        return mongo.getCollection(COLLECTION).find(filter).sort(Keyset.newestFirstSort("createdAt")).limit(limit)
                .map(Post::from).into(new ArrayList<>());
    }

    /** The author's own newest posts, whatever their visibility. */
    public List<Post> recentOwn(String authorId, int limit) {
        return mongo.getCollection(COLLECTION).find(Filters.and(Filters.eq("authorId", authorId),
                Filters.eq("deleted", false))).sort(Keyset.newestFirstSort("createdAt")).limit(limit)
                .map(Post::from).into(new ArrayList<>());
    }

    /** Ids of an author's newest posts, deleted or not: what may sit in someone's timeline. */
    public List<String> recentIdsOf(String authorId, int limit) {
        return mongo.getCollection(COLLECTION).find(Filters.eq("authorId", authorId))
                .sort(Keyset.newestFirstSort("createdAt")).limit(limit).projection(new Document("_id", 1))
                .map(doc -> doc.getString("_id")).into(new ArrayList<>());
    }

    private Post authored(String viewer, String id) {
        Post post = readable(viewer, id);
        if (!post.authorId().equals(viewer)) {
            throw new PostErrors.NotTheAuthor();
        }
        return post;
    }

    private List<String> mentioned(String authorId, String text) {
        var names = Mentions.in(text);
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, String> ids = graph.idsByUsername(names);
        return names.stream().map(ids::get).filter(java.util.Objects::nonNull)
                .filter(id -> !id.equals(authorId)).distinct().toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
