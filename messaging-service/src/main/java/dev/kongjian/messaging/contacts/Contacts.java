package dev.kongjian.messaging.contacts;

import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.UserEvent;
import dev.kongjian.kit.mongo.LatestFacts;

/**
 * messaging-service's replica of who exists, who are friends and who blocked whom, fed by
 * {@code user.events}: a direct chat needs a friendship, and nobody hears from someone they
 * blocked. Events about one pair may arrive out of order, so each fact keeps its event's time and
 * an older event never overwrites a newer one. No call to user-service.
 */
@Service
public class Contacts {

    static final String PEOPLE = "people";
    static final String FRIENDSHIPS = "friendships";
    static final String BLOCKS = "blocks";

    private final MongoTemplate mongo;

    Contacts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void apply(UserEvent event) {
        switch (event) {
            case UserEvent.UserRegistered registered -> mongo.getCollection(PEOPLE).updateOne(
                    Filters.eq("_id", registered.userId()),
                    Updates.setOnInsert("username", registered.username()), new UpdateOptions().upsert(true));
            case UserEvent.FriendshipCreated created -> newer(FRIENDSHIPS, pair(created.userId(), created.friendId()),
                    created.occurredAt(), "friends", true);
            case UserEvent.FriendshipEnded ended -> newer(FRIENDSHIPS, pair(ended.userId(), ended.friendId()),
                    ended.occurredAt(), "friends", false);
            case UserEvent.UserBlocked blocked -> newer(BLOCKS, blocked.userId() + ":" + blocked.blockedUserId(),
                    blocked.occurredAt(), "blocked", true);
            case UserEvent.UserUnblocked unblocked -> newer(BLOCKS,
                    unblocked.userId() + ":" + unblocked.unblockedUserId(), unblocked.occurredAt(), "blocked", false);
            case UserEvent.ProfileUpdated ignored -> {
                // names are shown by the app from user-service
            }
            case UserEvent.FriendRequestSent ignored -> {
                // a notification (see notification/), not a relation
            }
        }
    }

    public boolean exists(String userId) {
        return mongo.getCollection(PEOPLE).find(Filters.eq("_id", userId)).projection(new Document("_id", 1))
                .first() != null;
    }

    public boolean areFriends(String a, String b) {
        Document friendship = mongo.getCollection(FRIENDSHIPS).find(Filters.eq("_id", pair(a, b))).first();
        return friendship != null && friendship.getBoolean("friends", false);
    }

    /** Whether either has blocked the other. */
    public boolean blockedEitherWay(String a, String b) {
        return mongo.getCollection(BLOCKS).find(Filters.and(Filters.in("_id", a + ":" + b, b + ":" + a),
                Filters.eq("blocked", true))).first() != null;
    }

    /** Of {@code candidates}, those that blocked {@code userId} or that {@code userId} blocked. */
    public List<String> blockedWith(String userId, List<String> candidates) {
        List<String> ids = candidates.stream().flatMap(other -> java.util.stream.Stream.of(userId + ":" + other,
                other + ":" + userId)).toList();
        return mongo.getCollection(BLOCKS).find(Filters.and(Filters.in("_id", ids), Filters.eq("blocked", true)))
                .map(doc -> {
                    String[] pair = doc.getString("_id").split(":", 2);
                    return pair[0].equals(userId) ? pair[1] : pair[0];
                }).into(new java.util.ArrayList<>());
    }

    private void newer(String collection, String id, Instant at, String field, boolean value) {
        LatestFacts.write(mongo.getCollection(collection), id, at, new Document(field, value));
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
