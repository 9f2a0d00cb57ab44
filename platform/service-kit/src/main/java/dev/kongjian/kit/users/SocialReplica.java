package dev.kongjian.kit.users;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.UserEvent;
import dev.kongjian.kit.mongo.LatestFacts;

/**
 * A service's replica of who exists, who are friends and who blocked whom, fed by
 * {@code user.events} (collections {@code people}, {@code friendships}, {@code blocks} in the
 * service's own database). Events about one pair may arrive out of order, so each fact keeps its
 * event's time and an older event never overwrites a newer one. A service extends it with what
 * else it keeps of a person.
 */
public class SocialReplica {

    protected static final String PEOPLE = "people";
    static final String FRIENDSHIPS = "friendships";
    static final String BLOCKS = "blocks";

    protected final MongoTemplate mongo;

    protected SocialReplica(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Applies one fact; profile changes and friend requests are not relations and change nothing here. */
    public void apply(UserEvent event) {
        switch (event) {
            case UserEvent.UserRegistered registered -> mongo.getCollection(PEOPLE).updateOne(
                    Filters.eq("_id", registered.userId()), Updates.setOnInsert("username", registered.username()),
                    new UpdateOptions().upsert(true));
            case UserEvent.FriendshipCreated created -> newer(FRIENDSHIPS, pair(created.userId(), created.friendId()),
                    created.occurredAt(), "friends", true);
            case UserEvent.FriendshipEnded ended -> newer(FRIENDSHIPS, pair(ended.userId(), ended.friendId()),
                    ended.occurredAt(), "friends", false);
            case UserEvent.UserBlocked blocked -> newer(BLOCKS, blocked.userId() + ":" + blocked.blockedUserId(),
                    blocked.occurredAt(), "blocked", true);
            case UserEvent.UserUnblocked unblocked -> newer(BLOCKS,
                    unblocked.userId() + ":" + unblocked.unblockedUserId(), unblocked.occurredAt(), "blocked", false);
            case UserEvent.ProfileUpdated ignored -> {
                // names and avatars are shown by the app from user-service
            }
            case UserEvent.FriendRequestSent ignored -> {
                // not a relation yet
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
        List<String> ids = candidates.stream().flatMap(other -> Stream.of(userId + ":" + other,
                other + ":" + userId)).toList();
        return mongo.getCollection(BLOCKS).find(Filters.and(Filters.in("_id", ids), Filters.eq("blocked", true)))
                .map(doc -> {
                    String[] pair = doc.getString("_id").split(":", 2);
                    return pair[0].equals(userId) ? pair[1] : pair[0];
                }).into(new ArrayList<>());
    }

    private void newer(String collection, String id, Instant at, String field, boolean value) {
        LatestFacts.write(mongo.getCollection(collection), id, at, new Document(field, value));
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
