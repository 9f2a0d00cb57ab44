package dev.kongjian.events;

import java.time.Instant;

/** Facts published by user-service on {@code user.events}, keyed by the user they are about. */
public sealed interface UserEvent extends KongjianEvent {

    String userId();

    @Override
    default String aggregateId() {
        return userId();
    }

    @Override
    default String topic() {
        return Topics.USER_EVENTS;
    }

    enum SpaceVisibility { PUBLIC, FRIENDS, PRIVATE }

    record UserRegistered(String id, String userId, String username, String displayName,
            SpaceVisibility spaceVisibility, Instant occurredAt, int version) implements UserEvent {
    }

    record ProfileUpdated(String id, String userId, String displayName, String avatarMediaId,
            SpaceVisibility spaceVisibility, Instant occurredAt, int version) implements UserEvent {
    }

    /** {@code userId} asked {@code toUserId} to be friends. */
    record FriendRequestSent(String id, String userId, String requestId, String toUserId, String message,
            Instant occurredAt, int version) implements UserEvent {
    }

    /** {@code userId} asked, and {@code friendId} accepted. */
    record FriendshipCreated(String id, String userId, String friendId, Instant occurredAt, int version)
            implements UserEvent {
    }

    record FriendshipEnded(String id, String userId, String friendId, Instant occurredAt, int version)
            implements UserEvent {
    }

    record UserBlocked(String id, String userId, String blockedUserId, Instant occurredAt, int version)
            implements UserEvent {
    }

    record UserUnblocked(String id, String userId, String unblockedUserId, Instant occurredAt, int version)
            implements UserEvent {
    }
}
