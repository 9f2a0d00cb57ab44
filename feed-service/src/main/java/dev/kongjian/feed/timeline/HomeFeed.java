package dev.kongjian.feed.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;

import dev.kongjian.feed.FeedProperties;
import dev.kongjian.feed.graph.FriendGraph;
import dev.kongjian.feed.post.Post;
import dev.kongjian.feed.post.PostView;
import dev.kongjian.feed.post.PostViews;
import dev.kongjian.feed.post.Posts;
import dev.kongjian.kit.paging.Cursor;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.InvalidRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The home feed: the caller's timeline from Redis (pushed there on write), merged with the
 * recent posts of friends too popular to push (read on demand), each post checked again
 * against the visibility rule as it is shown. Pages are keyed by (time, post id), so posts
 * written meanwhile never shift a page: no duplicates, no gaps.
 */
@Service
class HomeFeed {

    private static final Comparator<Post> NEWEST_FIRST = Comparator.comparing(Post::createdAt)
            .thenComparing(Post::id).reversed();

    private final HomeTimeline timeline;
    private final FriendGraph graph;
    private final Posts posts;
    private final PostViews views;
    private final FeedProperties properties;
    private final Counter rebuilds;

    HomeFeed(HomeTimeline timeline, FriendGraph graph, Posts posts, PostViews views, FeedProperties properties,
            MeterRegistry meters) {
        this.timeline = timeline;
        this.graph = graph;
        this.posts = posts;
        this.views = views;
        this.properties = properties;
        this.rebuilds = Counter.builder("kongjian.feed.timeline.rebuilds")
                .description("Home timelines rebuilt from MongoDB because Redis did not have them").register(meters);
    }

    Page<PostView> page(String viewer, PageRequest page) {
        Long beforeMillis = null;
        String beforeId = null;
        if (page.cursor().isPresent()) {
            try {
                beforeMillis = Long.parseLong(page.cursor().get().value(0));
                beforeId = page.cursor().get().value(1);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new InvalidRequest("cursor", "is not a cursor this service issued");
            }
        }
        int wanted = page.limit() + 1;
        // almost every timeline entry is shown: read what a page needs and go back only for posts that
        // turned out deleted or hidden (each post read costs; twice the page was measured at 20% of a read)
        int batch = wanted;
        HomeTimeline.Opened opened = timeline.open(viewer, beforeMillis, batch);
        List<HomeTimeline.Entry> first = opened.entries();
        if (!opened.built()) {
            rebuild(viewer);
            first = timeline.read(viewer, beforeMillis, 0, batch);
        }
        Map<String, FriendGraph.Relation> relations = new java.util.HashMap<>();
        List<Post> shown = new ArrayList<>(pushed(viewer, beforeMillis, beforeId, wanted, relations, first, batch,
                opened.readerToken()));
        shown.addAll(posts.recentForFriends(graph.celebrityFriendsOf(viewer),
                beforeMillis == null ? null : Instant.ofEpochMilli(beforeMillis), beforeId, wanted));
        Map<String, Post> distinct = new LinkedHashMap<>();
        shown.stream().sorted(NEWEST_FIRST).forEach(post -> distinct.putIfAbsent(post.id(), post));
        List<Post> merged = distinct.values().stream().limit(wanted).toList();
        Page<Post> result = Page.fromFetched(merged, page.limit(),
                post -> Cursor.of(Long.toString(post.createdAt().toEpochMilli()), post.id()));
        return new Page<>(views.of(viewer, result.items(), relations, opened.readerToken()), result.nextCursor());
    }

    /** Up to {@code wanted} posts from the Redis timeline after the position that the viewer may see here. */
    private List<Post> pushed(String viewer, Long beforeMillis, String beforeId, int wanted,
            Map<String, FriendGraph.Relation> relations, List<HomeTimeline.Entry> first, int batch,
            String readerToken) {
        List<Post> found = new ArrayList<>();
        long skip = 0;
        while (found.size() < wanted) {
            List<HomeTimeline.Entry> entries = skip == 0 ? first
                    : timeline.read(viewer, beforeMillis, skip, batch);
            skip += entries.size();
            List<HomeTimeline.Entry> after = entries.stream().filter(entry -> beforeMillis == null
                    || entry.createdAtMillis() < beforeMillis || entry.postId().compareTo(beforeId) < 0).toList();
            Map<String, Post> stored = posts.findAll(after.stream().map(HomeTimeline.Entry::postId).toList());
            Set<String> authors = new HashSet<>();
            stored.values().forEach(post -> authors.add(post.authorId()));
            relations.putAll(graph.relations(viewer, authors, readerToken));
            for (HomeTimeline.Entry entry : after) {
                Post post = stored.get(entry.postId());
                if (post != null && belongsInHomeFeed(post, relations.get(post.authorId()))) {
                    found.add(post);
                }
            }
            if (entries.size() < batch) {
                break;
            }
        }
        return found;
    }

    /** Own posts and friends' posts, as far as the viewer may see them; an ex-friend's public posts are not home-feed material. */
    private static boolean belongsInHomeFeed(Post post, FriendGraph.Relation relation) {
        return (relation == FriendGraph.Relation.SELF || relation == FriendGraph.Relation.FRIEND)
                && post.visibleTo(relation);
    }

    private void rebuild(String viewer) {
        rebuilds.increment();
        int size = properties.timelineSize();
        List<Post> recent = new ArrayList<>(posts.recentOwn(viewer, size));
        recent.addAll(posts.recentForFriends(graph.friendsOf(viewer), null, null, size));
        timeline.complete(viewer, recent.stream().sorted(NEWEST_FIRST).limit(size)
                .map(post -> new HomeTimeline.Entry(post.id(), post.createdAt().toEpochMilli())).toList());
    }
}
