package dev.kongjian.feed.graph;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bson.Document;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Service;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.kit.mongo.LatestFacts;
import dev.kongjian.events.UserEvent;
import dev.kongjian.feed.ReaderMemory;
import dev.kongjian.feed.ReaderTokens;

/**
 * feed-service's own replica of who is who, who is friends with whom and who blocked whom,
 * built from {@code user.events}, so that no read ever asks user-service. Events about one
 * pair can arrive out of order (they are keyed by whoever acted), so every replicated fact
 * carries the time of the event that set it and an older event never overwrites a newer one.
 * Hot reads look documents up by {@code _id} alone and test the rest in Java: every MongoDB
 * answers that from its primary index, the embedded one included (it scans for anything else).
 */
@Service
public class FriendGraph {

    static final String PEOPLE = "people";
    static final String FRIENDSHIPS = "friendships";
    static final String BLOCKS = "blocks";
    static final String CELEBRITIES = "celebrities";
    private static final String CHANGED_AT = LatestFacts.CHANGED_AT;
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoTemplate mongo;
    /**
     * Read-through caches of what every page shows and rarely changes: names and avatars of
     * authors, and the (small, only growing) set of read-merged authors. A change made on another
     * instance shows here within {@link #CACHED_FOR}.
     */
    private final Cache<String, Person> peopleCache;
    private final Cache<String, List<String>> celebrityCache;
    /**
     * How recent readers stand to the authors they were shown, under their {@link ReaderTokens
     * token}: every change to a friendship or block ends both users' tokens after writing MongoDB.
     * A home-feed page then needs none of its two relation queries (measured: 14% of feed-service's
     * CPU per page, and as much again in the embedded MongoDB).
     */
    private final ReaderMemory<Relation> relationsMemory = new ReaderMemory<>();
    private final ReaderTokens tokens;

    static final Duration CACHED_FOR = Duration.ofSeconds(5);

    FriendGraph(MongoTemplate mongo, ReaderTokens tokens) {
        this.mongo = mongo;
        this.tokens = tokens;
        this.peopleCache = Caffeine.newBuilder().expireAfterWrite(CACHED_FOR).maximumSize(100_000).build();
        this.celebrityCache = Caffeine.newBuilder().expireAfterWrite(CACHED_FOR).build();
    }

    /** Someone as the feed shows them. */
    public record Person(String id, String username, String displayName, String avatarMediaId,
            UserEvent.SpaceVisibility spaceVisibility) {
    }

    /** How a viewer stands to an author: decides which of the author's posts the viewer sees. */
    public enum Relation {
        SELF, FRIEND, STRANGER, BLOCKED
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(PEOPLE).createIndex(new Index("username", Sort.Direction.ASC));
        mongo.indexOps(FRIENDSHIPS).createIndex(new Index("members", Sort.Direction.ASC));
    }

    public Optional<Person> person(String id) {
        return Optional.ofNullable(collection(PEOPLE).find(Filters.eq("_id", id)).first()).map(FriendGraph::toPerson);
    }

    /** The people with these ids that the replica knows (names may lag a change by up to {@link #CACHED_FOR}). */
    public Map<String, Person> people(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return peopleCache.getAll(Set.copyOf(ids), missing -> {
            Map<String, Person> found = new HashMap<>();
            collection(PEOPLE).find(Filters.in("_id", Set.copyOf(missing)))
                    .forEach(doc -> found.put(doc.getString("_id"), toPerson(doc)));
            return found;
        });
    }

    /** Ids of the people with these usernames (compared in lower case), by lower-case username. */
    public Map<String, String> idsByUsername(Collection<String> usernames) {
        Map<String, String> found = new HashMap<>();
        if (!usernames.isEmpty()) {
            List<String> lower = usernames.stream().map(name -> name.toLowerCase(java.util.Locale.ROOT)).toList();
            collection(PEOPLE).find(Filters.in("username", lower))
                    .forEach(doc -> found.put(doc.getString("username"), doc.getString("_id")));
        }
        return found;
    }

    public boolean areFriends(String a, String b) {
        if (a.equals(b)) {
            return false;
        }
        Document pair = collection(FRIENDSHIPS).find(Filters.eq("_id", pair(a, b))).first();
        return pair != null && pair.getBoolean("friends", false);
    }

    public boolean blockedEitherWay(String a, String b) {
        return collection(BLOCKS).find(Filters.in("_id", a + ":" + b, b + ":" + a))
                .into(new ArrayList<>()).stream().anyMatch(doc -> doc.getBoolean("blocked", false));
    }

    public Relation relation(String viewer, String other) {
        return relations(viewer, List.of(other)).get(other);
    }

    /** How the viewer stands to each of {@code others}, in two queries however many they are. */
    public Map<String, Relation> relations(String viewer, Collection<String> others) {
        Set<String> distinct = new HashSet<>(others);
        distinct.remove(viewer);
        Map<String, Relation> relations = new HashMap<>();
        relations.put(viewer, Relation.SELF);
        if (distinct.isEmpty()) {
            return relations;
        }
        Set<String> friends = new HashSet<>();
        collection(FRIENDSHIPS).find(Filters.in("_id", distinct.stream().map(o -> pair(viewer, o)).toList()))
                .forEach(doc -> {
                    if (doc.getBoolean("friends", false)) {
                        friends.add(other(doc, viewer));
                    }
                });
        List<String> blockIds = new ArrayList<>();
        distinct.forEach(o -> {
            blockIds.add(viewer + ":" + o);
            blockIds.add(o + ":" + viewer);
        });
        Set<String> blocked = new HashSet<>();
        collection(BLOCKS).find(Filters.in("_id", blockIds)).forEach(doc -> {
            if (doc.getBoolean("blocked", false)) {
                String[] ids = doc.getString("_id").split(":", 2);
                blocked.add(ids[0].equals(viewer) ? ids[1] : ids[0]);
            }
        });
        distinct.forEach(o -> relations.put(o, blocked.contains(o) ? Relation.BLOCKED
                : friends.contains(o) ? Relation.FRIEND : Relation.STRANGER));
        return relations;
    }

    /**
     * The same, from what was learnt under the viewer's {@link ReaderTokens token}; only authors
     * not seen under it are looked up.
     */
    public Map<String, Relation> relations(String viewer, Collection<String> others, String token) {
        Map<String, Relation> relations = relationsMemory.get(viewer, token, others,
                unknown -> relations(viewer, unknown));
        relations.put(viewer, Relation.SELF);
        return relations;
    }

    /** Everyone the user is friends with now (one pass over an index on {@code members} in MongoDB). */
    public List<String> friendsOf(String userId) {
        return collection(FRIENDSHIPS).find(Filters.and(Filters.eq("members", userId), Filters.eq("friends", true)))
                .projection(new Document("members", 1)).map(doc -> other(doc, userId)).into(new ArrayList<>());
    }

    /** Authors whose posts are merged in at read time because they have too many friends to fan out to. */
    public void markCelebrity(String userId, Instant since) {
        collection(CELEBRITIES).updateOne(Filters.eq("_id", userId),
                Updates.setOnInsert("since", Date.from(since)), UPSERT);
        celebrityCache.invalidateAll();
    }

    /**
     * Those of the user's friends whose posts are not fanned out. Once an author is read-merged
     * they stay so: their posts from that time were never pushed, and must still be found.
     */
    public List<String> celebrityFriendsOf(String userId) {
        List<String> celebrities = new ArrayList<>(celebrityCache.get("all",
                all -> collection(CELEBRITIES).find().map(doc -> doc.getString("_id")).into(new ArrayList<>())));
        celebrities.remove(userId);
        if (celebrities.isEmpty()) {
            return List.of();
        }
        List<String> friends = new ArrayList<>();
        collection(FRIENDSHIPS).find(Filters.in("_id", celebrities.stream().map(c -> pair(userId, c)).toList()))
                .forEach(doc -> {
                    if (doc.getBoolean("friends", false)) {
                        friends.add(other(doc, userId));
                    }
                });
        return friends;
    }

    /** Applies one event of {@code user.events}; applying it again changes nothing. */
    public void apply(UserEvent event) {
        switch (event) {
            case UserEvent.UserRegistered registered -> register(registered);
            case UserEvent.ProfileUpdated updated -> {
                newer(PEOPLE, updated.userId(), updated.occurredAt(), new Document("displayName",
                        updated.displayName()).append("avatarMediaId", updated.avatarMediaId())
                        .append("spaceVisibility", name(updated.spaceVisibility())));
                // this instance shows the change at once; others within CACHED_FOR
                peopleCache.invalidate(updated.userId());
            }
            case UserEvent.FriendRequestSent ignored -> {
                // a request changes nothing until it is accepted
            }
            case UserEvent.FriendshipCreated created -> {
                friendship(created.userId(), created.friendId(), true, created.occurredAt());
                relationsChanged(created.userId(), created.friendId());
            }
            case UserEvent.FriendshipEnded ended -> {
                friendship(ended.userId(), ended.friendId(), false, ended.occurredAt());
                relationsChanged(ended.userId(), ended.friendId());
            }
            case UserEvent.UserBlocked blocked -> {
                newer(BLOCKS, blocked.userId() + ":" + blocked.blockedUserId(), blocked.occurredAt(),
                        new Document("blocked", true));
                relationsChanged(blocked.userId(), blocked.blockedUserId());
            }
            case UserEvent.UserUnblocked unblocked -> {
                newer(BLOCKS, unblocked.userId() + ":" + unblocked.unblockedUserId(), unblocked.occurredAt(),
                        new Document("blocked", false));
                relationsChanged(unblocked.userId(), unblocked.unblockedUserId());
            }
        }
    }

    /**
     * Ends both users' tokens, after MongoDB holds the change: a reader that still got the old
     * token read concurrently with the change; every later one asks MongoDB. Done on a redelivery
     * too (the first delivery may have written MongoDB and failed here). Every instance, this one
     * too, learns of the change from the token alone.
     */
    private void relationsChanged(String a, String b) {
        tokens.end(a, b);
    }

    private void register(UserEvent.UserRegistered registered) {
        String username = registered.username().toLowerCase(java.util.Locale.ROOT);
        boolean applied = newer(PEOPLE, registered.userId(), registered.occurredAt(), new Document("username", username)
                .append("displayName", registered.displayName())
                .append("spaceVisibility", name(registered.spaceVisibility())));
        if (!applied) {
            // a later profile change got here first; the username never changes, so it is still right
            collection(PEOPLE).updateOne(Filters.eq("_id", registered.userId()), Updates.set("username", username));
        }
    }

    private void friendship(String a, String b, boolean friends, Instant at) {
        String id = pair(a, b);
        // one document per pair, written in one step: a friend list is a query over these, so
        // adding the ten-thousandth friend costs what adding the first did
        newer(FRIENDSHIPS, id, at, new Document("members", List.of(a, b)).append("friends", friends));
    }

    /** Sets {@code fields} unless the document already holds a newer fact; tells whether it wrote. */
    private boolean newer(String name, String id, Instant at, Document fields) {
        return LatestFacts.write(collection(name), id, at, fields);
    }

    private MongoCollection<Document> collection(String name) {
        return mongo.getCollection(name);
    }

    static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
    }

    private static String other(Document friendship, String userId) {
        List<String> members = friendship.getList("members", String.class);
        return members.get(0).equals(userId) ? members.get(1) : members.get(0);
    }

    private static String name(Enum<?> value) {
        return value == null ? UserEvent.SpaceVisibility.PUBLIC.name() : value.name();
    }

    private static Person toPerson(Document doc) {
        String visibility = doc.getString("spaceVisibility");
        return new Person(doc.getString("_id"), doc.getString("username"), doc.getString("displayName"),
                doc.getString("avatarMediaId"), visibility == null ? UserEvent.SpaceVisibility.PUBLIC
                        : UserEvent.SpaceVisibility.valueOf(visibility));
    }
}
