package dev.kongjian.messaging.notification;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.FeedEvent;
import dev.kongjian.events.KongjianEvent;
import dev.kongjian.events.MallEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;
import dev.kongjian.messaging.contacts.Contacts;
import dev.kongjian.messaging.notification.Notifications.Subject;
import dev.kongjian.messaging.notification.Notifications.Type;

/**
 * Turns other services' facts into notifications: friend requests and their acceptance, likes,
 * comments and mentions, gifts and purchases. {@link Notifications#notify} stores each once.
 */
@Component
class EventsListener {

    private final Notifications notifications;
    private final Contacts contacts;

    EventsListener(Notifications notifications, Contacts contacts) {
        this.notifications = notifications;
        this.contacts = contacts;
    }

    @KafkaListener(id = "messaging-notifications", groupId = "messaging-service-notifications",
            topics = { Topics.USER_EVENTS, Topics.FEED_EVENTS, Topics.MALL_EVENTS })
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value()).ifPresent(this::apply);
    }

    void apply(KongjianEvent event) {
        switch (event) {
            case UserEvent.FriendRequestSent sent -> notifications.notify(sent.toUserId(), sent.id(),
                    Type.FRIEND_REQUEST, sent.userId(), new Subject(null, null, sent.requestId(), null, null),
                    sent.occurredAt());
            case UserEvent.FriendshipCreated created -> notifications.notify(created.userId(), created.id(),
                    Type.FRIEND_ACCEPTED, created.friendId(), Subject.none(), created.occurredAt());
            case FeedEvent.PostLiked liked -> notifications.notify(liked.authorId(), liked.id(), Type.POST_LIKED,
                    liked.likerId(), new Subject(liked.postId(), null, null, null, null), liked.occurredAt());
            case FeedEvent.CommentCreated comment -> notifications.notify(comment.authorId(), comment.id(),
                    Type.COMMENT, comment.commenterId(), new Subject(comment.postId(), comment.commentId(), null, null,
                            null), comment.occurredAt());
            case FeedEvent.PostCreated created -> created.mentionedUserIds().stream()
                    .filter(mentioned -> maySee(created, mentioned))
                    .forEach(mentioned -> notifications.notify(mentioned, created.id(), Type.MENTION,
                            created.authorId(), new Subject(created.postId(), null, null, null, null),
                            created.occurredAt()));
            case MallEvent.ItemGranted granted -> {
                String buyer = granted.giftFromUserId() != null ? granted.giftFromUserId() : granted.userId();
                Subject order = new Subject(null, null, null, granted.itemId(), granted.orderId());
                if (granted.giftFromUserId() != null) {
                    notifications.notify(granted.userId(), granted.id(), Type.GIFT, granted.giftFromUserId(), order,
                            granted.occurredAt());
                }
                notifications.notify(buyer, granted.id() + "|purchase", Type.PURCHASE, null, order,
                        granted.occurredAt());
            }
            case MallEvent.VipGranted vip -> notifications.notify(vip.userId(), vip.id(), Type.PURCHASE, null,
                    new Subject(null, null, null, null, vip.orderId()), vip.occurredAt());
            default -> {
                // nothing to tell anyone
            }
        }
    }

    /** A mention is news only to someone who may read the post. */
    private boolean maySee(FeedEvent.PostCreated post, String userId) {
        return switch (post.visibility()) {
            case PUBLIC -> true;
            case FRIENDS -> contacts.areFriends(post.authorId(), userId);
            case PRIVATE -> false;
        };
    }
}
