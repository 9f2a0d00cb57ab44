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
import java.util.function.BooleanSupplier;

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

import dev.kongjian.events.FeedEvent;
import dev.kongjian.events.FeedEvent.Visibility;
import dev.kongjian.events.MediaEvent;
import dev.kongjian.feed.graph.FriendGraph;
import dev.kongjian.kit.idempotency.IdempotentIds;
import dev.kongjian.kit.media.DeletedMedia;
import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.InvalidRequest;
import dev.kongjian.kit.problem.NotFound;
import dev.kongjian.kit.users.UserDirectory;

/**
 * Posts: writing them (each write carries its event's outbox mark in the same single-document
 * write), reading them under the visibility rule, and the counters others keep on them.
 */
@Service
public class Posts {

    public static final String COLLECTION = "posts";
    static final int MAX_TEXT = 5000;
    static final int MAX_MEDIA = 9;

    private final MongoTemplate mongo;
    private final FriendGraph graph;
    private final UserDirectory directory;
    private final Outbox outbox;
    private final PostCounters counters;
    private final DeletedMedia deletedMedia;
    private final Clock clock;

    Posts(MongoTemplate mongo, FriendGraph graph, UserDirectory directory, Outbox outbox, PostCounters counters,
            Clock clock) {
        this.mongo = mongo;
        this.graph = graph;
        this.directory = directory;
        this.outbox = outbox;
        this.counters = counters;
        this.deletedMedia = new DeletedMedia(mongo);
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(COLLECTION).createIndex(new Index().on("authorId", org.springframework.data.domain.Sort.Direction.ASC)
                .on("createdAt", org.springframework.data.domain.Sort.Direction.DESC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("visibility", org.springframework.data.domain.Sort.Direction.ASC)
                .on("createdAt", org.springframework.data.domain.Sort.Direction.DESC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("mediaIds", org.springframework.data.domain.Sort.Direction.ASC)
                .sparse());
    }

    /**
     * A media deleted by its owner leaves every post that shows it (from {@code media.events}),
     * so the app is never handed an id whose picture is gone. Pulling is idempotent. The deletion
     * is remembered first, so a post written meanwhile with that id finds it (see {@link #create}).
     */
    void forgetMedia(MediaEvent.MediaDeleted deleted) {
        deletedMedia.remember(deleted);
        mongo.updateMulti(Query.query(Criteria.where("mediaIds").is(deleted.mediaId())),
                new Update().pull("mediaIds", deleted.mediaId()), COLLECTION);
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
        String id = IdempotentIds.newId(idempotencyKey, "post", authorId);
        List<String> gone = deletedMedia.among(media);
        if (!gone.isEmpty() && (idempotencyKey == null || find(id).isEmpty())) {
            throw DeletedMedia.refusal("mediaIds", gone);
        }
        // only what the author may see can be shared; the original is embedded while it stays visible
        Post original = sharedPostId == null ? null : readable(authorId, sharedPostId);
        Instant now = now();
        List<String> mentioned = mentioned(authorId, text);
        var created = new FeedEvent.PostCreated(UUID.randomUUID().toString(), id, authorId, visibility, mentioned,
                media, sharedPostId, now, 1);
        Document doc = new Document("_id", id).append("authorId", authorId).append("text", hasText ? text : null)
                .append("mediaIds", media).append("visibility", visibility.name()).append("sharedPostId", sharedPostId)
                .append("mentionedUserIds", mentioned).append("likeCount", 0L).append("commentCount", 0L)
                .append("shareCount", 0L).append("createdAt", Date.from(now)).append("deleted", false);
        boolean inserted;
        if (sharedPostId == null) {
            inserted = DuplicateKeys.insertedOnce(() -> outbox.publishWith(created, COLLECTION, id,
                    () -> mongo.getCollection(COLLECTION).insertOne(Outbox.mark(doc, created))));
        } else {
            var shared = new FeedEvent.PostShared(UUID.randomUUID().toString(), id, original.authorId(),
                    sharedPostId, authorId, now, 1);
            doc.put(Outbox.MARK_FIELD, List.of(created.id(), shared.id()));
            Runnable insert = () -> outbox.publishWith(shared, COLLECTION, id, () -> outbox.publishWith(created,
                    COLLECTION, id, () -> mongo.getCollection(COLLECTION).insertOne(doc)));
            inserted = counters.countedWrite(sharedPostId, "shareCount", 1, id, this::isShown,
                    () -> DuplicateKeys.insertedOnce(insert));
        }
        // not inserted: a first attempt with the same Idempotency-Key stored it
        if (!inserted) {
            return find(id).orElseThrow();
        }
        // a media deleted while the post was being written: its MediaDeleted missed this post
        gone = deletedMedia.among(media);
        if (gone.isEmpty()) {
            return Post.from(doc);
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().pullAll("mediaIds", gone.toArray()),
                COLLECTION);
        return find(id).orElseThrow();
    }

    /** Whether post {@code id} is stored and not deleted: what a post's share count counts. */
    private boolean isShown(String id) {
        return find(id).filter(post -> !post.deleted()).isPresent();
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

    /**
     * The post, if the viewer may see it; otherwise it does not exist for them (404, never 403). A
     * friends-only post that the replica says a stranger may not see is checked with user-service:
     * the friendship may be newer than the replica.
     */
    public Post readable(String viewer, String id) {
        Post post = find(id).orElseThrow(() -> new NotFound("That post"));
        FriendGraph.Relation relation = graph.relation(viewer, post.authorId());
        if (!post.visibleTo(relation) && relation == FriendGraph.Relation.STRANGER
                && post.visibility() == Visibility.FRIENDS && !post.deleted()
                && directory.relationTo(post.authorId()) == UserDirectory.Relation.FRIEND) {
            relation = FriendGraph.Relation.FRIEND;
        }
        if (!post.visibleTo(relation)) {
            throw new NotFound("That post");
        }
        return post;
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
        BooleanSupplier delete = () -> {
            try {
                return outbox.publishWith(deleted, COLLECTION, id, () -> {
                    Update removal = new Update().set("deleted", true).set("deletedAt", Date.from(deleted.occurredAt()))
                            .unset("text").set("mediaIds", List.of()).set("mentionedUserIds", List.of());
                    long matched = mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("deleted").is(false)),
                            Outbox.mark(removal, deleted), COLLECTION).getMatchedCount();
                    if (matched == 0) {
                        // deleted at the same moment by another request: no event for this one
                        throw new NotFound("That post");
                    }
                    return true;
                });
            } catch (NotFound deletedAlready) {
                return false;
            }
        };
        boolean removed = post.sharedPostId() == null ? delete.getAsBoolean()
                : counters.countedWrite(post.sharedPostId(), "shareCount", -1, id, this::isShown, delete);
        if (!removed) {
            throw new NotFound("That post");
        }
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
