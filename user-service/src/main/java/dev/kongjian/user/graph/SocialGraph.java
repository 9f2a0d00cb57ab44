package dev.kongjian.user.graph;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.bson.Document;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;

import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.events.UserEvent;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.NotFound;
import dev.kongjian.user.account.PersonCards;
import dev.kongjian.user.account.PersonCards.PersonCard;

/**
 * Friendships (QQ style: mutual, by request) and blocks. A friendship is one document per pair
 * ({@code _id} = the two ids in order), so two people befriending each other at the same
 * moment end as one friendship; a pair has at most one pending request, in either direction
 * (a unique key on the pair): asking someone who has already asked you is 409, like asking twice.
 */
@Service
public class SocialGraph {

    static final String FRIENDSHIPS = "friendships";
    static final String REQUESTS = "friend_requests";
    static final String BLOCKS = "blocks";
    /** Requests answered, kept with their answer so that answering again is safe. */
    static final String ANSWERED = "answered_friend_requests";
    private static final String ACCEPTED = "ACCEPTED";
    private static final String DECLINED = "DECLINED";
    private static final String ACCOUNTS = "accounts";
    /** Ended friendships and lifted blocks stay as flagged documents: the flag and the event's mark are one write. */
    private static final String ENDED = "ended";

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final PersonCards cards;
    private final Clock clock;

    SocialGraph(MongoTemplate mongo, Outbox outbox, PersonCards cards, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.cards = cards;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(FRIENDSHIPS).createIndex(new Index("members", Sort.Direction.ASC));
        mongo.indexOps(BLOCKS).createIndex(new Index("blockerId", Sort.Direction.ASC));
        mongo.indexOps(REQUESTS).createIndex(new Index("pair", Sort.Direction.ASC).unique());
        mongo.indexOps(REQUESTS).createIndex(new Index("toUserId", Sort.Direction.ASC));
        mongo.indexOps(REQUESTS).createIndex(new Index("fromUserId", Sort.Direction.ASC));
    }

    /** A friend request, with whom it is from and to as a list shows them. */
    record FriendRequest(String id, String fromUserId, String toUserId, String message, String status,
            Instant createdAt, PersonCard from, PersonCard to) {
    }

    record Friend(String userId, String username, String displayName, String avatarMediaId, Instant since) {
    }

    /** Someone the caller blocked, since when. */
    record Blocked(String userId, String username, String displayName, String avatarMediaId, Instant since) {
    }

    public boolean areFriends(String a, String b) {
        return !a.equals(b) && isCurrent(FRIENDSHIPS, pair(a, b));
    }

    /** Whether either has blocked the other: then each is hidden from the other. */
    public boolean blockedEitherWay(String a, String b) {
        return mongo.getCollection(BLOCKS).find(Filters.in("_id", a + ":" + b, b + ":" + a))
                .into(new java.util.ArrayList<>()).stream().anyMatch(block -> !block.getBoolean(ENDED, false));
    }

    FriendRequest request(String from, String to, String message) {
        if (from.equals(to)) {
            throw new GraphErrors.NotYourself("befriend");
        }
        requireVisibleUser(from, to);
        if (areFriends(from, to)) {
            throw new GraphErrors.AlreadyConnected("You are already friends");
        }
        Instant now = now();
        String id = UUID.randomUUID().toString();
        Document request = new Document("_id", id).append("pair", pair(from, to))
                .append("fromUserId", from).append("toUserId", to).append("message", message)
                .append("createdAt", Date.from(now));
        var sent = new UserEvent.FriendRequestSent(UUID.randomUUID().toString(), from, id, to, message, now, 1);
        try {
            outbox.publishWith(sent, REQUESTS, id,
                    () -> mongo.getCollection(REQUESTS).insertOne(Outbox.mark(request, sent)));
            return toRequest(request);
        } catch (RuntimeException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            Document existing = mongo.getCollection(REQUESTS).find(Filters.eq("pair", pair(from, to))).first();
            if (existing != null && existing.getString("fromUserId").equals(to)) {
                // the API answers 409 for a pending request either way; the client's way forward is to accept it
                throw new GraphErrors.AlreadyConnected("They have already asked you; accept their request instead");
            }
            throw new GraphErrors.AlreadyConnected("A friend request is already pending");
        }
    }

    Page<FriendRequest> pending(String userId, boolean incoming, PageRequest page) {
        String field = incoming ? "toUserId" : "fromUserId";
        List<Document> fetched = mongo.getCollection(REQUESTS)
                .find(Keyset.newestFirst(Filters.eq(field, userId), "createdAt", page))
                .sort(Keyset.newestFirstSort("createdAt")).limit(page.limit() + 1).into(new java.util.ArrayList<>());
        return Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "createdAt"))
                .map(this::toRequest);
    }

    FriendRequest accept(String requestId, String userId) {
        return answer(requestId, userId, ACCEPTED, request -> befriend(request.getString("fromUserId"), userId));
    }

    FriendRequest decline(String requestId, String userId) {
        return answer(requestId, userId, DECLINED, request -> { });
    }

    /**
     * Answers a pending request once. The answer is claimed first (inserted into
     * {@code answered_friend_requests}): of two answers at the same moment one wins, and the other
     * is a {@code 409}, or the same {@code 200} where it was the same answer, as a retry after a lost
     * response is. Its effect is applied while the pending request still exists, which is deleted
     * last, so a crash anywhere is finished by the next try, and a pair may ask again later.
     */
    private FriendRequest answer(String requestId, String userId, String status, Consumer<Document> effect) {
        Document answered = mongo.getCollection(ANSWERED).find(Filters.eq("_id", requestId)).first();
        if (answered == null) {
            Document request = answerable(mongo.getCollection(REQUESTS).find(Filters.eq("_id", requestId)).first(),
                    userId);
            Document claim = new Document(request).append("status", status).append("answeredAt", Date.from(now()));
            // the pair's slot stays free for a new request; the event's mark belongs to the request
            claim.remove("pair");
            claim.remove(Outbox.MARK_FIELD);
            boolean claimed = DuplicateKeys.insertedOnce(() -> mongo.getCollection(ANSWERED).insertOne(claim));
            answered = claimed ? claim : mongo.getCollection(ANSWERED).find(Filters.eq("_id", requestId)).first();
        }
        answerable(answered, userId);
        if (!status.equals(answered.getString("status"))) {
            throw new GraphErrors.AlreadyAnswered(answered.getString("status"));
        }
        Document pending = mongo.getCollection(REQUESTS).find(Filters.eq("_id", requestId)).first();
        if (pending != null) {
            effect.accept(pending);
            mongo.getCollection(REQUESTS).deleteOne(Filters.eq("_id", requestId));
        }
        return toRequest(answered);
    }

    Page<Friend> friends(String userId, PageRequest page) {
        List<Document> fetched = mongo.getCollection(FRIENDSHIPS)
                .find(Keyset.newestFirst(Filters.and(Filters.eq("members", userId), Filters.ne(ENDED, true)), "since",
                        page))
                .sort(Keyset.newestFirstSort("since")).limit(page.limit() + 1).into(new java.util.ArrayList<>());
        return Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "since"))
                .map(doc -> {
                    String friendId = other(doc, userId);
                    PersonCard card = cards.of(friendId);
                    return new Friend(friendId, card.username(), card.displayName(), card.avatarMediaId(),
                            doc.getDate("since").toInstant());
                });
    }

    void unfriend(String userId, String friendId) {
        if (!endFriendship(userId, friendId)) {
            throw new NotFound("That friendship");
        }
    }

    void block(String blocker, String blocked) {
        if (blocker.equals(blocked)) {
            throw new GraphErrors.NotYourself("block");
        }
        requireUser(blocked);
        endFriendship(blocker, blocked);
        mongo.getCollection(REQUESTS).deleteMany(Filters.eq("pair", pair(blocker, blocked)));
        String id = blocker + ":" + blocked;
        if (isCurrent(BLOCKS, id)) {
            return;
        }
        var event = new UserEvent.UserBlocked(UUID.randomUUID().toString(), blocker, blocked, now(), 1);
        outbox.publishWith(event, BLOCKS, id, () -> mongo.upsert(byId(id), Outbox.mark(new Update()
                .set("blockerId", blocker).set("blockedId", blocked).set("createdAt", Date.from(event.occurredAt()))
                .unset(ENDED), event), BLOCKS));
    }

    void unblock(String blocker, String blocked) {
        String id = blocker + ":" + blocked;
        if (!isCurrent(BLOCKS, id)) {
            return;
        }
        var event = new UserEvent.UserUnblocked(UUID.randomUUID().toString(), blocker, blocked, now(), 1);
        // lifting a block is a flag on the block itself, set in the same write as the event's mark
        outbox.publishWith(event, BLOCKS, id, () -> mongo.updateFirst(byId(id),
                Outbox.mark(new Update().set(ENDED, true), event), BLOCKS));
    }

    /** Whom {@code userId} has blocked, most recent first: where the app finds them to lift a block. */
    Page<Blocked> blocked(String userId, PageRequest page) {
        List<Document> fetched = mongo.getCollection(BLOCKS)
                .find(Keyset.newestFirst(Filters.and(Filters.eq("blockerId", userId), Filters.ne(ENDED, true)),
                        "createdAt", page))
                .sort(Keyset.newestFirstSort("createdAt")).limit(page.limit() + 1).into(new java.util.ArrayList<>());
        return Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "createdAt")).map(doc -> {
            String blockedId = doc.getString("blockedId");
            PersonCard card = cards.of(blockedId);
            return new Blocked(blockedId, card.username(), card.displayName(), card.avatarMediaId(),
                    doc.getDate("createdAt").toInstant());
        });
    }

    private void befriend(String a, String b) {
        String id = pair(a, b);
        if (isCurrent(FRIENDSHIPS, id)) {
            return;
        }
        var event = new UserEvent.FriendshipCreated(UUID.randomUUID().toString(), a, b, now(), 1);
        try {
            // a pair's document is reused when they befriend again after an ended friendship
            outbox.publishWith(event, FRIENDSHIPS, id, () -> mongo.upsert(
                    Query.query(Criteria.where("_id").is(id).and(ENDED).is(true)),
                    Outbox.mark(new Update().set("members", List.of(a, b)).set("since", Date.from(event.occurredAt()))
                            .unset(ENDED), event), FRIENDSHIPS));
        } catch (RuntimeException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            // both accepted at the same moment: the friendship exists once, announced once
        }
    }

    /** Ends a friendship if there is one; tells whether there was. */
    private boolean endFriendship(String a, String b) {
        String id = pair(a, b);
        if (!isCurrent(FRIENDSHIPS, id)) {
            return false;
        }
        var event = new UserEvent.FriendshipEnded(UUID.randomUUID().toString(), a, b, now(), 1);
        // ending is a flag on the friendship, set in the same write as the event's mark, so a crash keeps both or neither
        return outbox.publishWith(event, FRIENDSHIPS, id, () -> {
            if (mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and(ENDED).ne(true)),
                    Outbox.mark(new Update().set(ENDED, true), event), FRIENDSHIPS).getMatchedCount() == 0) {
                throw new NotFound("That friendship");
            }
            return true;
        });
    }

    private static Document answerable(Document request, String userId) {
        if (request == null || !(userId.equals(request.getString("toUserId"))
                || userId.equals(request.getString("fromUserId")))) {
            throw new NotFound("That friend request");
        }
        if (!userId.equals(request.getString("toUserId"))) {
            throw new GraphErrors.NotTheAddressee();
        }
        return request;
    }

    private void requireVisibleUser(String viewer, String userId) {
        requireUser(userId);
        if (blockedEitherWay(viewer, userId)) {
            throw new NotFound("That user");
        }
    }

    private void requireUser(String userId) {
        if (mongo.getCollection(ACCOUNTS).find(Filters.eq("_id", userId)).first() == null) {
            throw new NotFound("That user");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /**
     * Whether the friendship or block exists and has not ended: looked up by {@code _id} alone, which
     * every MongoDB answers from its primary index (the embedded one scans for any other filter).
     */
    private boolean isCurrent(String collection, String id) {
        Document doc = mongo.getCollection(collection).find(Filters.eq("_id", id)).first();
        return doc != null && !doc.getBoolean(ENDED, false);
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
    }

    private static String other(Document friendship, String userId) {
        List<String> members = friendship.getList("members", String.class);
        return members.get(0).equals(userId) ? members.get(1) : members.get(0);
    }

    private FriendRequest toRequest(Document doc) {
        String from = doc.getString("fromUserId");
        String to = doc.getString("toUserId");
        return new FriendRequest(doc.getString("_id"), from, to, doc.getString("message"), doc.get("status", "PENDING"),
                doc.getDate("createdAt").toInstant(), cards.of(from), cards.of(to));
    }
}
