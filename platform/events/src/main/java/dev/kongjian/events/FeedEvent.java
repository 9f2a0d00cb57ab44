package dev.kongjian.events;

import java.time.Instant;
import java.util.List;

/** Facts published by feed-service on {@code feed.events}, keyed by the post's author. */
public sealed interface FeedEvent extends KongjianEvent {

    String authorId();

    @Override
    default String aggregateId() {
        return authorId();
    }

    @Override
    default String topic() {
        return Topics.FEED_EVENTS;
    }

    enum Visibility { PUBLIC, FRIENDS, PRIVATE }

    record PostCreated(String id, String postId, String authorId, Visibility visibility, List<String> mentionedUserIds,
            List<String> mediaIds, String sharedPostId, Instant occurredAt, int version) implements FeedEvent {

        public PostCreated {
            mentionedUserIds = List.copyOf(mentionedUserIds);
            mediaIds = List.copyOf(mediaIds);
        }
    }

    record PostUpdated(String id, String postId, String authorId, Visibility visibility, Instant occurredAt,
            int version) implements FeedEvent {
    }

    record PostDeleted(String id, String postId, String authorId, Instant occurredAt, int version)
            implements FeedEvent {
    }

    record PostLiked(String id, String postId, String authorId, String likerId, Instant occurredAt, int version)
            implements FeedEvent {
    }

    record CommentCreated(String id, String postId, String authorId, String commentId, String commenterId,
            String replyToCommentId, Instant occurredAt, int version) implements FeedEvent {
    }

    record PostShared(String id, String postId, String authorId, String sharedPostId, String sharerId,
            Instant occurredAt, int version) implements FeedEvent {
    }

    record SpaceVisited(String id, String authorId, String visitorId, Instant occurredAt, int version)
            implements FeedEvent {
    }
}
