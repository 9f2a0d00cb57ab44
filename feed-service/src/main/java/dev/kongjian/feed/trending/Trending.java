package dev.kongjian.feed.trending;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;

import dev.kongjian.events.FeedEvent.Visibility;
import dev.kongjian.feed.FeedProperties;
import dev.kongjian.feed.comment.Comments;
import dev.kongjian.feed.graph.FriendGraph;
import dev.kongjian.feed.like.Likes;
import dev.kongjian.feed.post.Post;
import dev.kongjian.feed.post.PostView;
import dev.kongjian.feed.post.PostViews;
import dev.kongjian.feed.post.Posts;
import dev.kongjian.kit.paging.Cursor;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.InvalidRequest;

/**
 * "What's new": public posts ranked by engagement over the trending window, each like, comment
 * and share weighing less the older it is (half as much every half-life). The ranking is
 * computed at most every {@code trendingRefresh} and kept in Redis as a numbered snapshot; a
 * cursor pages through the snapshot it started on, so pages never repeat or skip a post while
 * the ranking moves on. The viewer's visibility rule (blocks, deletes) applies as each page is shown.
 */
@Service
class Trending {

    static final int RANKED = 500;
    static final double LIKE = 1;
    static final double COMMENT = 2;
    static final double SHARE = 3;
    private static final String CURRENT = "feed:trending:current";
    private static final Duration SNAPSHOT_KEPT = Duration.ofMinutes(30);

    private final MongoTemplate mongo;
    private final StringRedisTemplate redis;
    private final Posts posts;
    private final PostViews views;
    private final FriendGraph graph;
    private final FeedProperties properties;
    private final Clock clock;

    Trending(MongoTemplate mongo, StringRedisTemplate redis, Posts posts, PostViews views, FriendGraph graph,
            FeedProperties properties, Clock clock) {
        this.mongo = mongo;
        this.redis = redis;
        this.posts = posts;
        this.views = views;
        this.graph = graph;
        this.properties = properties;
        this.clock = clock;
    }

    Page<PostView> page(String viewer, PageRequest page) {
        String snapshot;
        int offset;
        if (page.cursor().isPresent()) {
            try {
                snapshot = page.cursor().get().value(0);
                offset = Integer.parseInt(page.cursor().get().value(1));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new InvalidRequest("cursor", "is not a cursor this service issued");
            }
            if (offset < 0) {
                throw new InvalidRequest("cursor", "is not a cursor this service issued");
            }
        } else {
            snapshot = currentSnapshot();
            offset = 0;
        }
        String ranking = redis.opsForValue().get(key(snapshot));
        if (ranking == null) {
            throw new InvalidRequest("cursor", "has expired; start again from the first page");
        }
        List<String> ranked = ranking.isEmpty() ? List.of() : List.of(ranking.split(","));
        List<String> ids = ranked.subList(Math.min(offset, ranked.size()),
                Math.min(offset + page.limit(), ranked.size()));
        int next = offset + ids.size();
        String nextCursor = next < ranked.size() ? Cursor.of(snapshot, Integer.toString(next)).encode() : null;
        Map<String, Post> stored = posts.findAll(ids);
        Set<String> authors = new HashSet<>();
        stored.values().forEach(post -> authors.add(post.authorId()));
        Map<String, FriendGraph.Relation> relations = graph.relations(viewer, authors);
        List<Post> shown = ids.stream().map(stored::get)
                .filter(post -> post != null && post.visibility() == Visibility.PUBLIC
                        && post.visibleTo(relations.get(post.authorId())))
                .toList();
        return new Page<>(views.of(viewer, shown), nextCursor);
    }

    private String currentSnapshot() {
        String current = redis.opsForValue().get(CURRENT);
        if (current != null && Boolean.TRUE.equals(redis.hasKey(key(current)))) {
            return current;
        }
        String snapshot = UUID.randomUUID().toString();
        redis.opsForValue().set(key(snapshot), String.join(",", rank(clock.instant())), SNAPSHOT_KEPT);
        redis.opsForValue().set(CURRENT, snapshot, properties.trendingRefresh());
        return snapshot;
    }

    /** Public, live posts by decayed engagement over the window, best first. */
    List<String> rank(Instant now) {
        Date since = Date.from(now.minus(properties.trendingWindow()));
        Map<String, Double> scores = new HashMap<>();
        double halfLifeMillis = properties.trendingHalfLife().toMillis();
        addScores(scores, Likes.COLLECTION, "postId", Filters.gte("createdAt", since), LIKE, now, halfLifeMillis);
        addScores(scores, Comments.COLLECTION, "postId", Filters.gte("createdAt", since), COMMENT, now,
                halfLifeMillis);
        addScores(scores, Posts.COLLECTION, "sharedPostId", Filters.and(Filters.gte("createdAt", since),
                Filters.ne("sharedPostId", null), Filters.eq("deleted", false)), SHARE, now, halfLifeMillis);
        List<String> best = scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(RANKED * 2L).map(Map.Entry::getKey).toList();
        Map<String, Post> stored = posts.findAll(best);
        return best.stream().filter(id -> {
            Post post = stored.get(id);
            return post != null && !post.deleted() && post.visibility() == Visibility.PUBLIC;
        }).limit(RANKED).toList();
    }

    private void addScores(Map<String, Double> scores, String collection, String postField,
            org.bson.conversions.Bson filter, double weight, Instant now, double halfLifeMillis) {
        mongo.getCollection(collection).find(filter).projection(new Document(postField, 1).append("createdAt", 1))
                .forEach(doc -> {
                    String postId = doc.getString(postField);
                    Date at = doc.getDate("createdAt");
                    if (postId == null || at == null) {
                        return;
                    }
                    double age = Math.max(0, now.toEpochMilli() - at.getTime());
                    scores.merge(postId, weight * Math.pow(0.5, age / halfLifeMillis), Double::sum);
                });
    }

    private static String key(String snapshot) {
        return "feed:trending:" + snapshot;
    }
}
