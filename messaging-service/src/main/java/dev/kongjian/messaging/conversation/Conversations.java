package dev.kongjian.messaging.conversation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bson.Document;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.kit.problem.InvalidRequest;
import dev.kongjian.kit.problem.NotFound;
import dev.kongjian.kit.users.UserDirectory;
import dev.kongjian.messaging.contacts.Contacts;

/**
 * Conversations and who is in them. The conversation document's {@code memberIds} decide who
 * may read and write; a membership document per member indexes the caller's conversations by
 * their latest activity and keeps how far the member has read. A direct chat's id is derived from
 * its pair, so two people have one, however many times and from whichever side it is started.
 */
@Service
public class Conversations {

    static final String CONVERSATIONS = "conversations";
    static final String MEMBERSHIPS = "memberships";
    public static final int MAX_GROUP_MEMBERS = 500;

    enum Type { DIRECT, GROUP }

    /** The latest message, as the list of conversations shows it; {@code recalledAt} where its sender took it back. */
    record LastMessage(String id, long seq, String senderId, String text, Instant sentAt, Instant recalledAt) {
    }

    record Conversation(String id, Type type, String title, String ownerId, List<String> memberIds,
            LastMessage lastMessage, long unreadCount, Instant createdAt, Instant lastActivityAt) {
    }

    /** A conversation as created: {@code created} false where the direct chat existed already. */
    record Started(Conversation conversation, boolean created) {
    }

    private final MongoTemplate mongo;
    private final Contacts contacts;
    private final UserDirectory directory;
    private final Clock clock;

    Conversations(MongoTemplate mongo, Contacts contacts, UserDirectory directory, Clock clock) {
        this.mongo = mongo;
        this.contacts = contacts;
        this.directory = directory;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(MEMBERSHIPS).createIndex(new Index().on("userId", Sort.Direction.ASC)
                .on("lastActivityAt", Sort.Direction.DESC));
        mongo.indexOps(MEMBERSHIPS).createIndex(new Index("conversationId", Sort.Direction.ASC));
    }

    Started startDirect(String caller, List<String> memberIds) {
        Set<String> others = new LinkedHashSet<>(memberIds);
        others.remove(caller);
        if (others.size() != 1) {
            throw new InvalidRequest("memberIds", "a direct chat is with exactly one other person");
        }
        String other = others.iterator().next();
        requireFriends(caller, other);
        String id = directId(caller, other);
        Instant now = now();
        boolean created = DuplicateKeys.insertedOnce(() -> mongo.getCollection(CONVERSATIONS).insertOne(
                new Document("_id", id).append("type", Type.DIRECT.name()).append("ownerId", null)
                        .append("title", null).append("memberIds", List.of(caller, other)).append("seq", 0L)
                        .append("createdAt", Date.from(now))));
        Document conversation = stored(id);
        for (String member : conversation.getList("memberIds", String.class)) {
            join(id, member, 0, conversation.getDate("createdAt").toInstant());
        }
        return new Started(view(caller, conversation), created);
    }

    Conversation startGroup(String caller, List<String> memberIds, String title) {
        Set<String> members = new LinkedHashSet<>();
        members.add(caller);
        members.addAll(memberIds);
        if (members.size() < 2) {
            throw new InvalidRequest("memberIds", "a group needs at least one other member");
        }
        if (members.size() > MAX_GROUP_MEMBERS) {
            throw new InvalidRequest("memberIds", "a group has at most " + MAX_GROUP_MEMBERS + " members");
        }
        requireReachable(caller, members);
        String id = UUID.randomUUID().toString();
        Instant now = now();
        mongo.getCollection(CONVERSATIONS).insertOne(new Document("_id", id).append("type", Type.GROUP.name())
                .append("ownerId", caller).append("title", title).append("memberIds", List.copyOf(members))
                .append("seq", 0L).append("createdAt", Date.from(now)));
        for (String member : members) {
            join(id, member, 0, now);
        }
        return view(caller, stored(id));
    }

    Conversation get(String caller, String id) {
        return view(caller, memberOf(caller, id));
    }

    /** The caller's conversations, the most recently active first. */
    Page<Conversation> of(String caller, PageRequest page) {
        List<Document> fetched = mongo.getCollection(MEMBERSHIPS)
                .find(Keyset.newestFirst(Filters.eq("userId", caller), "lastActivityAt", page))
                .sort(Keyset.newestFirstSort("lastActivityAt")).limit(page.limit() + 1).into(new ArrayList<>());
        Page<Document> rows = Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "lastActivityAt"));
        List<String> ids = rows.items().stream().map(doc -> doc.getString("conversationId")).toList();
        Map<String, Document> conversations = mongo.getCollection(CONVERSATIONS).find(Filters.in("_id", ids))
                .into(new ArrayList<>()).stream().collect(Collectors.toMap(doc -> doc.getString("_id"),
                        Function.identity()));
        List<Conversation> views = rows.items().stream()
                .filter(row -> conversations.containsKey(row.getString("conversationId")))
                .map(row -> view(caller, conversations.get(row.getString("conversationId")), row)).toList();
        return new Page<>(views, rows.nextCursor());
    }

    Conversation addMembers(String caller, String id, List<String> userIds) {
        Document conversation = memberOf(caller, id);
        requireGroup(conversation, "keeps its two members");
        if (!caller.equals(conversation.getString("ownerId"))) {
            throw new NotTheOwner("add members");
        }
        Set<String> newcomers = new LinkedHashSet<>(userIds);
        newcomers.removeAll(conversation.getList("memberIds", String.class));
        if (conversation.getList("memberIds", String.class).size() + newcomers.size() > MAX_GROUP_MEMBERS) {
            throw new InvalidRequest("userIds", "a group has at most " + MAX_GROUP_MEMBERS + " members");
        }
        requireReachable(caller, newcomers);
        mongo.getCollection(CONVERSATIONS).updateOne(Filters.eq("_id", id),
                Updates.addEachToSet("memberIds", List.copyOf(newcomers)));
        long lastSeq = Messages.lastSeq(mongo, id);
        for (String newcomer : newcomers) {
            join(id, newcomer, lastSeq, now());
        }
        return view(caller, stored(id));
    }

    /** The owner renames a group; an empty title takes it away. */
    Conversation rename(String caller, String id, String title) {
        Document conversation = memberOf(caller, id);
        requireGroup(conversation, "has no title");
        if (!caller.equals(conversation.getString("ownerId"))) {
            throw new NotTheOwner("rename it");
        }
        mongo.getCollection(CONVERSATIONS).updateOne(Filters.eq("_id", id),
                title == null ? Updates.unset("title") : Updates.set("title", title));
        return view(caller, stored(id));
    }

    /** The owner removes anyone; a member removes themself. An owner who leaves hands the group on. */
    void removeMember(String caller, String id, String userId) {
        Document conversation = memberOf(caller, id);
        requireGroup(conversation, "keeps its two members");
        String owner = conversation.getString("ownerId");
        if (!caller.equals(userId) && !caller.equals(owner)) {
            throw new NotTheOwner("remove other members");
        }
        List<String> members = conversation.getList("memberIds", String.class);
        if (!members.contains(userId)) {
            throw new NotFound("That member");
        }
        var update = Updates.pull("memberIds", userId);
        if (userId.equals(owner)) {
            String heir = members.stream().filter(member -> !member.equals(userId)).findFirst().orElse(null);
            update = Updates.combine(update, Updates.set("ownerId", heir));
        }
        mongo.getCollection(CONVERSATIONS).updateOne(Filters.eq("_id", id), update);
        mongo.getCollection(MEMBERSHIPS).deleteOne(Filters.eq("_id", membershipId(id, userId)));
    }

    /** The conversation, if the caller is in it; a 404 otherwise, so outsiders learn nothing of it. */
    Document memberOf(String caller, String id) {
        Document conversation = stored(id);
        if (conversation == null || !conversation.getList("memberIds", String.class).contains(caller)) {
            throw new NotFound("That conversation");
        }
        return conversation;
    }

    /** The members of a conversation the caller is in, for a frame to all of them. */
    public List<String> membersSeenBy(String caller, String id) {
        return memberOf(caller, id).getList("memberIds", String.class);
    }

    /**
     * That the two are friends now, or a 403 (a 404 where the other does not exist for the caller).
     * Where the replica says no, user-service is asked: the app may open a chat the moment a
     * request is accepted, before the event has reached this service.
     */
    void requireFriends(String caller, String other) {
        if (contacts.areFriends(caller, other) && !contacts.blockedEitherWay(caller, other)) {
            return;
        }
        switch (directory.relationTo(other)) {
            case FRIEND -> {
                // the replica has not caught up yet
            }
            case OTHER -> throw new NotFriends();
            case NOT_FOUND -> throw new NotFound("That user");
            case UNAVAILABLE -> {
                if (!contacts.exists(other) || contacts.blockedEitherWay(caller, other)) {
                    throw new NotFound("That user");
                }
                throw new NotFriends();
            }
        }
    }

    private void requireReachable(String caller, Set<String> userIds) {
        List<String> others = userIds.stream().filter(id -> !id.equals(caller)).toList();
        List<String> blocked = contacts.blockedWith(caller, others);
        for (String other : others) {
            if (contacts.exists(other) && !blocked.contains(other)) {
                continue;
            }
            // unknown here: perhaps too new for the replica
            var relation = blocked.contains(other) ? UserDirectory.Relation.NOT_FOUND : directory.relationTo(other);
            if (relation != UserDirectory.Relation.FRIEND && relation != UserDirectory.Relation.OTHER) {
                throw new NotFound("That user");
            }
        }
    }

    private static void requireGroup(Document conversation, String becauseADirectChat) {
        if (!Type.GROUP.name().equals(conversation.getString("type"))) {
            throw new InvalidRequest("type", "a direct chat " + becauseADirectChat);
        }
    }

    /** Makes sure the member has a membership, keeping the one it has. */
    void join(String conversationId, String userId, long readSeq, Instant at) {
        mongo.getCollection(MEMBERSHIPS).updateOne(Filters.eq("_id", membershipId(conversationId, userId)),
                Updates.combine(Updates.setOnInsert("conversationId", conversationId),
                        Updates.setOnInsert("userId", userId), Updates.setOnInsert("readSeq", readSeq),
                        Updates.setOnInsert("lastActivityAt", Date.from(at))),
                new UpdateOptions().upsert(true));
    }

    Conversation view(String caller, Document conversation) {
        String id = conversation.getString("_id");
        Document membership = mongo.getCollection(MEMBERSHIPS).find(Filters.eq("_id", membershipId(id, caller)))
                .first();
        if (membership == null) {
            join(id, caller, 0, conversation.getDate("createdAt").toInstant());
            membership = mongo.getCollection(MEMBERSHIPS).find(Filters.eq("_id", membershipId(id, caller))).first();
        }
        return view(caller, conversation, membership);
    }

    private Conversation view(String caller, Document conversation, Document membership) {
        String id = conversation.getString("_id");
        Document last = Messages.last(mongo, id);
        long lastSeq = last == null ? 0 : last.getLong("seq");
        long readSeq = membership.get("readSeq") instanceof Number n ? n.longValue() : 0;
        return new Conversation(id, Type.valueOf(conversation.getString("type")), conversation.getString("title"),
                conversation.getString("ownerId"), conversation.getList("memberIds", String.class),
                last == null ? null : new LastMessage(last.getString("_id"), lastSeq, last.getString("senderId"),
                        last.getString("text"), last.getDate("sentAt").toInstant(),
                        last.getDate("recalledAt") == null ? null : last.getDate("recalledAt").toInstant()),
                Math.max(0, lastSeq - readSeq), conversation.getDate("createdAt").toInstant(),
                membership.getDate("lastActivityAt").toInstant());
    }

    private Document stored(String id) {
        return mongo.getCollection(CONVERSATIONS).find(Filters.eq("_id", id)).first();
    }

    static String membershipId(String conversationId, String userId) {
        return conversationId + ":" + userId;
    }

    private static String directId(String a, String b) {
        String pair = a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
        return UUID.nameUUIDFromBytes(("direct|" + pair).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static final class NotFriends extends DomainException {
        private static final long serialVersionUID = 1L;

        NotFriends() {
            super(HttpStatus.FORBIDDEN, "not-friends", "A direct chat is between friends");
        }
    }

    static final class NotTheOwner extends DomainException {
        private static final long serialVersionUID = 1L;

        NotTheOwner(String what) {
            super(HttpStatus.FORBIDDEN, "not-the-owner", "Only the group's owner may " + what);
        }
    }
}
