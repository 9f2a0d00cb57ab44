package dev.kongjian.feed.like;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.bson.Document;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;

import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.events.FeedEvent;
import dev.kongjian.feed.ReaderMemory;
import dev.kongjian.feed.ReaderTokens;
import dev.kongjian.feed.graph.FriendGraph;
import dev.kongjian.feed.post.LikedPosts;
import dev.kongjian.feed.post.Post;
import dev.kongjian.feed.post.PostCounters;
import dev.kongjian.feed.post.Posts;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;

/**
 * Likes: one document per (post, user), so a like is unique by construction; the post's counter
 * moves only for a like really inserted or removed, so concurrent likes count exactly and a
 * repeated like or unlike changes nothing ({@link PostCounters}, which also keeps a crash between
 * the two writes from leaving the count off by one).
 */
@Service
public class Likes implements LikedPosts {

    public static final String COLLECTION = "likes";
    private static final String LIKE_COUNT = "likeCount";

    private final MongoTemplate mongo;
    private final Posts posts;
    private final PostCounters counters;
    private final FriendGraph graph;
    private final Outbox outbox;
    private final Clock clock;
    private final ReaderTokens tokens;
    /**
     * Which posts recent home-feed readers were found to like, under their {@link ReaderTokens
     * token}: every like or unlike ends the liker's token after writing MongoDB, so a page needs no
     * likes query for the posts its reader saw on an earlier one (measured: 13% of feed-service's
     * CPU per home-feed page, and about a third of the embedded MongoDB's).
     */
    private final ReaderMemory<Boolean> likedMemory = new ReaderMemory<>();

    Likes(MongoTemplate mongo, Posts posts, PostCounters counters, FriendGraph graph, Outbox outbox, Clock clock,
            ReaderTokens tokens) {
        this.mongo = mongo;
        this.posts = posts;
        this.graph = graph;
        this.counters = counters;
        this.outbox = outbox;
        this.clock = clock;
        this.tokens = tokens;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(COLLECTION).createIndex(new Index("createdAt", Sort.Direction.DESC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("postId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
    }

    /** Someone who likes a post, as the list of likers shows them. */
    record Liker(String userId, String displayName, String avatarMediaId, Instant likedAt) {
    }

    /**
     * Who likes a post the viewer may see, most recent first; those hidden from the viewer by a block
     * are left out, as from the comments.
     */
    Page<Liker> likers(String viewer, String postId, PageRequest page) {
        posts.readable(viewer, postId);
        List<Document> fetched = mongo.getCollection(COLLECTION)
                .find(Keyset.newestFirst(Filters.eq("postId", postId), "createdAt", page))
                .sort(Keyset.newestFirstSort("createdAt")).limit(page.limit() + 1).into(new ArrayList<>());
        Page<Document> rows = Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "createdAt"));
        List<String> userIds = rows.items().stream().map(doc -> doc.getString("userId")).distinct().toList();
        Map<String, FriendGraph.Relation> relations = graph.relations(viewer, userIds);
        Map<String, FriendGraph.Person> people = graph.people(userIds);
        List<Liker> likers = rows.items().stream()
                .filter(doc -> relations.get(doc.getString("userId")) != FriendGraph.Relation.BLOCKED).map(doc -> {
                    FriendGraph.Person person = people.get(doc.getString("userId"));
                    return new Liker(doc.getString("userId"), person == null ? null : person.displayName(),
                            person == null ? null : person.avatarMediaId(), doc.getDate("createdAt").toInstant());
                }).toList();
        return new Page<>(likers, rows.nextCursor());
    }

    /** Likes the post if the viewer may see it; answers the post as it is afterwards. */
    Post like(String viewer, String postId) {
        Post post = posts.readable(viewer, postId);
        String id = id(postId, viewer);
        if (!exists(id)) {
            counters.countedWrite(postId, LIKE_COUNT, 1, id, this::exists, () -> insert(post, viewer, id));
        }
        // on a repeat too: the like may be the first attempt's, stored by a call that failed before this
        tokens.end(viewer);
        return current(post);
    }

    /** Stores the like with its event; false where the same like was stored at the same moment. */
    private boolean insert(Post post, String viewer, String id) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var liked = new FeedEvent.PostLiked(UUID.randomUUID().toString(), post.id(), post.authorId(), viewer, now, 1);
        Document like = new Document("_id", id).append("postId", post.id()).append("userId", viewer)
                .append("createdAt", Date.from(now));
        return DuplicateKeys.insertedOnce(() -> outbox.publishWith(liked, COLLECTION, id,
                () -> mongo.getCollection(COLLECTION).insertOne(Outbox.mark(like, liked))));
    }

    /** Takes the viewer's like back if there was one; answers the post as it is afterwards. */
    Post unlike(String viewer, String postId) {
        Post post = posts.readable(viewer, postId);
        String id = id(postId, viewer);
        if (exists(id)) {
            counters.countedWrite(postId, LIKE_COUNT, -1, id, this::exists,
                    () -> mongo.getCollection(COLLECTION).deleteOne(Filters.eq("_id", id)).getDeletedCount() == 1);
        }
        tokens.end(viewer);
        return current(post);
    }

    private boolean exists(String id) {
        return mongo.getCollection(COLLECTION).find(Filters.eq("_id", id)).projection(new Document("_id", 1))
                .first() != null;
    }

    /** The post re-read for its counters (it was visible a moment ago; deleted since, it is not found). */
    private Post current(Post post) {
        return posts.find(post.id()).filter(found -> !found.deleted())
                .orElseThrow(() -> new dev.kongjian.kit.problem.NotFound("That post"));
    }

    @Override
    public Set<String> likedBy(String viewer, Collection<String> postIds) {
        Set<String> liked = new HashSet<>();
        if (!postIds.isEmpty()) {
            mongo.getCollection(COLLECTION).find(Filters.in("_id", postIds.stream().map(p -> id(p, viewer)).toList()))
                    .projection(new Document("postId", 1)).forEach(doc -> liked.add(doc.getString("postId")));
        }
        return liked;
    }

    @Override
    public Set<String> likedBy(String viewer, Collection<String> postIds, String readerToken) {
        Map<String, Boolean> liked = likedMemory.get(viewer, readerToken, postIds, unknown -> {
            Set<String> found = likedBy(viewer, unknown);
            Map<String, Boolean> answers = new HashMap<>();
            unknown.forEach(postId -> answers.put(postId, found.contains(postId)));
            return answers;
        });
        Set<String> ids = new HashSet<>();
        liked.forEach((postId, likes) -> {
            if (likes) {
                ids.add(postId);
            }
        });
        return ids;
    }

    private static String id(String postId, String userId) {
        return postId + ":" + userId;
    }
}
