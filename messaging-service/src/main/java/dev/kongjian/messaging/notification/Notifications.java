package dev.kongjian.messaging.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.NotFound;
import dev.kongjian.messaging.contacts.Contacts;
import dev.kongjian.messaging.live.Push;

/**
 * What happened that concerns a user, built from the other services' events: stored once per
 * event and recipient (the id is derived from both, so a redelivered event stores nothing new),
 * then pushed to the recipient's open sessions. Nothing arrives from someone either side blocked.
 */
@Service
public class Notifications {

    static final String NOTIFICATIONS = "notifications";

    public enum Type { FRIEND_REQUEST, FRIEND_ACCEPTED, POST_LIKED, COMMENT, MENTION, GIFT, PURCHASE }

    /** What a notification is about; the fields that do not apply are null. */
    public record Subject(String postId, String commentId, String requestId, String itemId, String orderId) {

        public static Subject none() {
            return new Subject(null, null, null, null, null);
        }
    }

    record Notification(String id, Type type, String actorId, String postId, String commentId, String requestId,
            String itemId, String orderId, boolean read, Instant createdAt) {
    }

    private final MongoTemplate mongo;
    private final Contacts contacts;
    private final Push push;

    Notifications(MongoTemplate mongo, Contacts contacts, Push push) {
        this.mongo = mongo;
        this.contacts = contacts;
        this.push = push;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(NOTIFICATIONS).createIndex(new Index().on("userId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
    }

    /** Notifies {@code userId} of {@code eventId}, once; nothing for one's own doing or across a block. */
    public void notify(String userId, String eventId, Type type, String actorId, Subject subject, Instant at) {
        if (userId == null || userId.equals(actorId) || (actorId != null && contacts.blockedEitherWay(userId, actorId))) {
            return;
        }
        String id = UUID.nameUUIDFromBytes((eventId + "|" + userId).getBytes(StandardCharsets.UTF_8)).toString();
        Document doc = new Document("_id", id).append("userId", userId).append("type", type.name())
                .append("actorId", actorId).append("postId", subject.postId())
                .append("commentId", subject.commentId()).append("requestId", subject.requestId())
                .append("itemId", subject.itemId()).append("orderId", subject.orderId()).append("read", false)
                .append("createdAt", Date.from(at));
        if (DuplicateKeys.insertedOnce(() -> mongo.getCollection(NOTIFICATIONS).insertOne(doc))) {
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("type", "notification.new");
            frame.put("notification", view(doc));
            push.toUsers(List.of(userId), frame);
        }
    }

    Page<Notification> of(String userId, PageRequest page) {
        List<Document> fetched = mongo.getCollection(NOTIFICATIONS)
                .find(Keyset.newestFirst(Filters.eq("userId", userId), "createdAt", page))
                .sort(Keyset.newestFirstSort("createdAt")).limit(page.limit() + 1).into(new ArrayList<>());
        return Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "createdAt"))
                .map(Notifications::view);
    }

    /** Marks the notification and every older one as read; answers how many are still unread. */
    long markRead(String userId, String upToId) {
        Document upTo = mongo.getCollection(NOTIFICATIONS)
                .find(Filters.and(Filters.eq("_id", upToId), Filters.eq("userId", userId))).first();
        if (upTo == null) {
            throw new NotFound("That notification");
        }
        mongo.getCollection(NOTIFICATIONS).updateMany(Filters.and(Filters.eq("userId", userId),
                Filters.lte("createdAt", upTo.getDate("createdAt")), Filters.eq("read", false)),
                Updates.set("read", true));
        return unread(userId);
    }

    /** How many of the user's notifications are unread: the app's badge. */
    long unread(String userId) {
        return mongo.getCollection(NOTIFICATIONS).countDocuments(Filters.and(Filters.eq("userId", userId),
                Filters.eq("read", false)));
    }

    private static Notification view(Document doc) {
        return new Notification(doc.getString("_id"), Type.valueOf(doc.getString("type")), doc.getString("actorId"),
                doc.getString("postId"), doc.getString("commentId"), doc.getString("requestId"),
                doc.getString("itemId"), doc.getString("orderId"), doc.getBoolean("read", false),
                doc.getDate("createdAt").toInstant());
    }
}
