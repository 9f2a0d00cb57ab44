package dev.kongjian.feed.comment;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;

import dev.kongjian.events.FeedEvent;
import dev.kongjian.feed.graph.FriendGraph;
import dev.kongjian.feed.post.Post;
import dev.kongjian.feed.post.PostView;
import dev.kongjian.feed.post.PostCounters;
import dev.kongjian.feed.post.Posts;
import dev.kongjian.kit.idempotency.IdempotentIds;
import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.kit.problem.InvalidRequest;
import dev.kongjian.kit.problem.NotFound;

/**
 * Comments and replies under a post, oldest first. Whoever may see the post may read and write
 * its comments; a comment goes away by its author's or the post author's hand, and the post's
 * counter moves only with a comment really written or removed.
 */
@Service
public class Comments {

    public static final String COLLECTION = "comments";
    static final int MAX_TEXT = 2000;
    private static final String COMMENT_COUNT = "commentCount";

    private final MongoTemplate mongo;
    private final Posts posts;
    private final PostCounters counters;
    private final FriendGraph graph;
    private final Outbox outbox;
    private final Clock clock;

    Comments(MongoTemplate mongo, Posts posts, PostCounters counters, FriendGraph graph, Outbox outbox, Clock clock) {
        this.mongo = mongo;
        this.posts = posts;
        this.counters = counters;
        this.graph = graph;
        this.outbox = outbox;
        this.clock = clock;
    }

    record Comment(String id, String postId, String authorId, PostView.Author author, String text,
            String replyToCommentId, Instant createdAt) {
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(COLLECTION).createIndex(new Index().on("postId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index("createdAt", Sort.Direction.DESC));
    }

    /**
     * Stores a comment with its event, counted once on the post. With an Idempotency-Key its id is
     * the key's, so a retry after a crash answers the comment the first attempt stored.
     */
    Comment write(String viewer, String postId, String text, String replyToCommentId, String idempotencyKey) {
        Post post = posts.readable(viewer, postId);
        if (replyToCommentId != null && commentOn(postId, replyToCommentId) == null) {
            throw new InvalidRequest("replyToCommentId", "is not a comment on this post");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = IdempotentIds.newId(idempotencyKey, "comment", viewer, postId);
        var created = new FeedEvent.CommentCreated(UUID.randomUUID().toString(), postId, post.authorId(), id, viewer,
                replyToCommentId, now, 1);
        Document doc = new Document("_id", id).append("postId", postId).append("authorId", viewer)
                .append("text", text).append("replyToCommentId", replyToCommentId).append("createdAt", Date.from(now));
        boolean inserted = counters.countedWrite(postId, COMMENT_COUNT, 1, id, this::isStored,
                () -> DuplicateKeys.insertedOnce(() -> outbox.publishWith(created, COLLECTION, id,
                        () -> mongo.getCollection(COLLECTION).insertOne(Outbox.mark(doc, created)))));
        // not inserted: a first attempt with the same Idempotency-Key stored it
        return views(viewer, List.of(inserted ? doc : commentOn(postId, id))).getFirst();
    }

    Page<Comment> of(String viewer, String postId, PageRequest page) {
        posts.readable(viewer, postId);
        List<Document> fetched = mongo.getCollection(COLLECTION)
                .find(Keyset.oldestFirst(Filters.eq("postId", postId), "createdAt", page))
                .sort(Keyset.oldestFirstSort("createdAt")).limit(page.limit() + 1).into(new ArrayList<>());
        Page<Document> rows = Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "createdAt"));
        return new Page<>(views(viewer, rows.items()), rows.nextCursor());
    }

    void delete(String viewer, String postId, String commentId) {
        Post post = posts.readable(viewer, postId);
        Document comment = commentOn(postId, commentId);
        if (comment == null) {
            throw new NotFound("That comment");
        }
        if (!viewer.equals(comment.getString("authorId")) && !viewer.equals(post.authorId())) {
            throw new NotYours();
        }
        counters.countedWrite(postId, COMMENT_COUNT, -1, commentId, this::isStored,
                () -> mongo.getCollection(COLLECTION).deleteOne(Filters.eq("_id", commentId)).getDeletedCount() == 1);
    }

    private boolean isStored(String commentId) {
        return mongo.getCollection(COLLECTION).find(Filters.eq("_id", commentId)).projection(new Document("_id", 1))
                .first() != null;
    }

    private Document commentOn(String postId, String commentId) {
        Document comment = mongo.getCollection(COLLECTION).find(Filters.eq("_id", commentId)).first();
        return comment != null && postId.equals(comment.getString("postId")) ? comment : null;
    }

    /** The comments as the viewer sees them: those of people hidden from the viewer by a block are left out. */
    private List<Comment> views(String viewer, List<Document> docs) {
        List<String> authorIds = docs.stream().map(doc -> doc.getString("authorId")).distinct().toList();
        Map<String, FriendGraph.Relation> relations = graph.relations(viewer, authorIds);
        Map<String, FriendGraph.Person> people = graph.people(authorIds);
        return docs.stream().filter(doc -> relations.get(doc.getString("authorId")) != FriendGraph.Relation.BLOCKED)
                .map(doc -> {
                    FriendGraph.Person person = people.get(doc.getString("authorId"));
                    return new Comment(doc.getString("_id"), doc.getString("postId"), doc.getString("authorId"),
                            person == null ? new PostView.Author(null, null)
                                    : new PostView.Author(person.displayName(), person.avatarMediaId()),
                            doc.getString("text"), doc.getString("replyToCommentId"),
                            doc.getDate("createdAt").toInstant());
                }).toList();
    }

    static final class NotYours extends DomainException {
        private static final long serialVersionUID = 1L;

        NotYours() {
            super(HttpStatus.FORBIDDEN, "not-the-author",
                    "Only the comment's author or the post's author may delete a comment");
        }
    }
}
