package dev.kongjian.feed.post;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kongjian.feed.graph.FriendGraph;

/**
 * Turns posts into what the app shows, for one viewer, in a fixed number of queries per page:
 * authors from the replica, the viewer's likes, and each shared original while the viewer may
 * still see it.
 */
@Component
public class PostViews {

    private final FriendGraph graph;
    private final Posts posts;
    private final LikedPosts likes;

    PostViews(FriendGraph graph, Posts posts, LikedPosts likes) {
        this.graph = graph;
        this.posts = posts;
        this.likes = likes;
    }

    public PostView of(String viewer, Post post) {
        return of(viewer, List.of(post)).getFirst();
    }

    /** Views of posts the caller already knows the viewer may see, in the same order. */
    public List<PostView> of(String viewer, List<Post> shown) {
        return of(viewer, shown, Map.of());
    }

    /** The same, reusing what the caller already learnt of how the viewer stands to some authors. */
    public List<PostView> of(String viewer, List<Post> shown, Map<String, FriendGraph.Relation> known) {
        return of(viewer, shown, known, null);
    }

    /**
     * The same, also reusing what was learnt under the viewer's {@link dev.kongjian.feed.ReaderTokens
     * token}, where the caller has read it ({@code null} where not).
     */
    public List<PostView> of(String viewer, List<Post> shown, Map<String, FriendGraph.Relation> known,
            String readerToken) {
        Set<String> originalIds = new HashSet<>();
        shown.forEach(post -> {
            if (post.sharedPostId() != null) {
                originalIds.add(post.sharedPostId());
            }
        });
        Map<String, Post> originals = posts.findAll(originalIds);
        Set<String> authorIds = new HashSet<>();
        shown.forEach(post -> authorIds.add(post.authorId()));
        originals.values().forEach(post -> authorIds.add(post.authorId()));
        Map<String, FriendGraph.Relation> relations = new java.util.HashMap<>(known);
        Set<String> unknown = new HashSet<>(authorIds);
        unknown.removeAll(known.keySet());
        if (!unknown.isEmpty()) {
            relations.putAll(readerToken == null ? graph.relations(viewer, unknown)
                    : graph.relations(viewer, unknown, readerToken));
        }
        Map<String, FriendGraph.Person> people = graph.people(authorIds);
        List<String> postIds = new ArrayList<>();
        shown.forEach(post -> postIds.add(post.id()));
        originals.values().forEach(post -> postIds.add(post.id()));
        Set<String> liked = readerToken == null ? likes.likedBy(viewer, postIds)
                : likes.likedBy(viewer, postIds, readerToken);

        return shown.stream().map(post -> {
            Post original = post.sharedPostId() == null ? null : originals.get(post.sharedPostId());
            PostView embedded = original != null && original.visibleTo(relations.get(original.authorId()))
                    ? view(original, null, people, liked)
                    : null;
            return view(post, embedded, people, liked);
        }).toList();
    }

    private static PostView view(Post post, PostView shared, Map<String, FriendGraph.Person> people,
            Set<String> liked) {
        FriendGraph.Person author = people.get(post.authorId());
        return new PostView(post.id(), post.authorId(), author == null ? new PostView.Author(null, null)
                : new PostView.Author(author.displayName(), author.avatarMediaId()), post.text(), post.mediaIds(),
                post.visibility(), post.sharedPostId(), shared, post.mentionedUserIds(), post.likeCount(),
                post.commentCount(), post.shareCount(), liked.contains(post.id()), post.createdAt(), post.editedAt());
    }
}
