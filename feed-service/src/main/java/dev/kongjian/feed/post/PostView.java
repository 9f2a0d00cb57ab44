package dev.kongjian.feed.post;

import java.time.Instant;
import java.util.List;

import dev.kongjian.events.FeedEvent.Visibility;

/** A post as the app shows it: who wrote it, what it shares (while visible), counters and the caller's like. */
public record PostView(String id, String authorId, Author author, String text, List<String> mediaIds,
        Visibility visibility, String sharedPostId, PostView sharedPost, List<String> mentionedUserIds,
        long likeCount, long commentCount, long shareCount, boolean likedByMe, Instant createdAt,
        Instant editedAt) {

    public record Author(String displayName, String avatarMediaId) {
    }
}
