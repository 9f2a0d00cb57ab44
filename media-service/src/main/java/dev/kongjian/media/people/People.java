package dev.kongjian.media.people;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.MallEvent;
import dev.kongjian.events.UserEvent;
import dev.kongjian.kit.mongo.LatestFacts;

/**
 * media-service's replica of what it needs of other services: who exists, friendships and blocks
 * (for albums' visibility), from {@code user.events}, and VIP membership (larger uploads), from
 * {@code mall.events}. Each fact keeps its event's time; an older event never overwrites a newer.
 */
@Service
public class People {

    static final String PEOPLE = "people";
    static final String FRIENDSHIPS = "friendships";
    static final String BLOCKS = "blocks";

    private final MongoTemplate mongo;
    private final Clock clock;

    People(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    void apply(UserEvent event) {
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
                // nothing media-service shows
            }
            case UserEvent.FriendRequestSent ignored -> {
                // not a relation yet
            }
        }
    }

    void apply(MallEvent.VipGranted granted) {
        mongo.getCollection(PEOPLE).updateOne(Filters.eq("_id", granted.userId()),
                Updates.max("vipUntil", Date.from(granted.expiresAt())), new UpdateOptions().upsert(true));
    }

    public boolean exists(String userId) {
        return mongo.getCollection(PEOPLE).find(Filters.eq("_id", userId)).projection(new Document("_id", 1))
                .first() != null;
    }

    public boolean isVip(String userId) {
        Document person = mongo.getCollection(PEOPLE).find(Filters.eq("_id", userId)).first();
        Date until = person == null ? null : person.getDate("vipUntil");
        return until != null && until.toInstant().isAfter(clock.instant());
    }

    public boolean areFriends(String a, String b) {
        Document friendship = mongo.getCollection(FRIENDSHIPS).find(Filters.eq("_id", pair(a, b))).first();
        return friendship != null && friendship.getBoolean("friends", false);
    }

    public boolean blockedEitherWay(String a, String b) {
        return mongo.getCollection(BLOCKS).find(Filters.and(Filters.in("_id", a + ":" + b, b + ":" + a),
                Filters.eq("blocked", true))).first() != null;
    }

    private void newer(String collection, String id, Instant at, String field, boolean value) {
        LatestFacts.write(mongo.getCollection(collection), id, at, new Document(field, value));
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
