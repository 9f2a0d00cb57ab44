package dev.kongjian.messaging.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.MediaEvent;
import dev.kongjian.kit.media.DeletedMedia;
import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.kit.paging.Cursor;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.kit.problem.InvalidRequest;
import dev.kongjian.kit.problem.NotFound;
import dev.kongjian.messaging.live.Push;

/**
 * Messages, numbered {@code seq} 1, 2, 3… in each conversation without a gap. (conversation, seq)
 * is a unique key, so two senders can never take the same number; the conversation's
 * {@code seq} only says where to try first. A sender tries the number after it, and on a collision
 * (someone took it, or an instance died after storing a message but before moving the hint) reads
 * the highest stored number and tries the next. A number is used only by a stored message, so a
 * crash leaves no gap. The sender's {@code clientMessageId} is unique per conversation and sender:
 * a retry finds the message it stored.
 */
@Service
public class Messages {

    static final String MESSAGES = "messages";
    static final int MAX_TEXT = 4000;
    static final int MAX_MEDIA = 9;
    private static final int ATTEMPTS = 1000;
    private static final String RECALLED_AT = "recalledAt";

    /** A message; a recalled one keeps its place ({@code seq}) and loses its text and media. */
    record Message(String id, String conversationId, long seq, String senderId, String text, List<String> mediaIds,
            Instant sentAt, Instant recalledAt) {
    }

    record ReadState(String conversationId, long readSeq, long unreadCount) {
    }

    private final MongoTemplate mongo;
    private final Conversations conversations;
    private final Push push;
    private final Clock clock;
    private final Duration recallWithin;
    private final DeletedMedia deletedMedia;

    Messages(MongoTemplate mongo, Conversations conversations, Push push, Clock clock,
            @Value("${kongjian.messaging.recall-within:2m}") Duration recallWithin) {
        this.mongo = mongo;
        this.conversations = conversations;
        this.push = push;
        this.clock = clock;
        this.recallWithin = recallWithin;
        this.deletedMedia = new DeletedMedia(mongo);
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(MESSAGES).createIndex(new Index().on("conversationId", Sort.Direction.ASC)
                .on("seq", Sort.Direction.ASC).unique());
        mongo.indexOps(MESSAGES).createIndex(new Index("clientKey", Sort.Direction.ASC).unique());
        mongo.indexOps(MESSAGES).createIndex(new Index("mediaIds", Sort.Direction.ASC).sparse());
    }

    /**
     * A media deleted by its owner leaves every message that showed it (from {@code media.events}),
     * so no chat shows a picture that is gone. The deletion is remembered first, so a message sent
     * meanwhile with that id finds it (see {@link #send}).
     */
    void forgetMedia(MediaEvent.MediaDeleted deleted) {
        deletedMedia.remember(deleted);
        mongo.getCollection(MESSAGES).updateMany(Filters.eq("mediaIds", deleted.mediaId()),
                Updates.pull("mediaIds", deleted.mediaId()));
    }

    /** Stores the message, or answers the one the same clientMessageId stored already. */
    Message send(String sender, String conversationId, String clientMessageId, String text, List<String> mediaIds) {
        Document conversation = conversations.memberOf(sender, conversationId);
        List<String> members = conversation.getList("memberIds", String.class);
        if (Conversations.Type.DIRECT.name().equals(conversation.getString("type"))) {
            String other = members.stream().filter(member -> !member.equals(sender)).findFirst().orElse(sender);
            conversations.requireFriends(sender, other);
        }
        String clientKey = conversationId + "|" + sender + "|" + clientMessageId;
        List<String> gone = deletedMedia.among(mediaIds);
        if (!gone.isEmpty() && mongo.getCollection(MESSAGES).find(Filters.eq("clientKey", clientKey)).first() == null) {
            throw DeletedMedia.refusal("mediaIds", gone);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long next = conversation.get("seq") instanceof Number hint ? hint.longValue() + 1 : 1;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Document earlier = mongo.getCollection(MESSAGES).find(Filters.eq("clientKey", clientKey)).first();
            if (earlier != null) {
                return message(earlier);
            }
            long seq = next;
            Document message = new Document("_id", UUID.randomUUID().toString()).append("conversationId", conversationId)
                    .append("seq", seq).append("senderId", sender).append("clientKey", clientKey).append("text", text)
                    .append("mediaIds", mediaIds).append("sentAt", Date.from(now));
            if (DuplicateKeys.insertedOnce(() -> mongo.getCollection(MESSAGES).insertOne(message))) {
                // a media deleted while the message was being stored: its MediaDeleted missed this message
                List<String> goneMeanwhile = deletedMedia.among(mediaIds);
                if (!goneMeanwhile.isEmpty()) {
                    mongo.getCollection(MESSAGES).updateOne(Filters.eq("_id", message.getString("_id")),
                            Updates.pullAll("mediaIds", goneMeanwhile));
                    message.put("mediaIds", mediaIds.stream().filter(id -> !goneMeanwhile.contains(id)).toList());
                }
                delivered(conversationId, sender, members, message);
                return message(message);
            }
            next = lastSeq(mongo, conversationId) + 1;
        }
        throw new IllegalStateException("No free seq in conversation " + conversationId + " after " + ATTEMPTS
                + " attempts");
    }

    /** After a message is stored: the hint moves, every member's list shows the activity, and it is pushed. */
    private void delivered(String conversationId, String sender, List<String> members, Document message) {
        long seq = message.getLong("seq");
        Date sentAt = message.getDate("sentAt");
        mongo.getCollection(Conversations.CONVERSATIONS).updateOne(Filters.eq("_id", conversationId),
                Updates.max("seq", seq));
        mongo.getCollection(Conversations.MEMBERSHIPS).updateMany(Filters.eq("conversationId", conversationId),
                Updates.max("lastActivityAt", sentAt));
        // one's own message is read
        mongo.getCollection(Conversations.MEMBERSHIPS).updateOne(
                Filters.eq("_id", Conversations.membershipId(conversationId, sender)), Updates.max("readSeq", seq));
        Message sent = message(message);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "message.new");
        frame.put("conversationId", conversationId);
        frame.put("id", sent.id());
        frame.put("seq", sent.seq());
        frame.put("senderId", sent.senderId());
        frame.put("text", sent.text());
        frame.put("mediaIds", sent.mediaIds());
        frame.put("sentAt", sent.sentAt().toString());
        push.toUsers(members, frame);
    }

    /**
     * A conversation's messages in {@code seq} order: after {@code afterSeq} (catching up), before
     * {@code beforeSeq} (scrolling back), both (a range), or the latest. The cursor goes on the
     * same way: forward after a catch-up, back towards older messages otherwise.
     */
    Page<Message> history(String caller, String conversationId, Long afterSeq, Long beforeSeq, PageRequest page) {
        conversations.memberOf(caller, conversationId);
        if (afterSeq != null && afterSeq < 0) {
            throw new InvalidRequest("afterSeq", "must be 0 or more");
        }
        if (beforeSeq != null && beforeSeq < 1) {
            throw new InvalidRequest("beforeSeq", "must be 1 or more");
        }
        boolean forward = afterSeq != null;
        Long after = afterSeq;
        Long before = beforeSeq;
        if (page.cursor().isPresent()) {
            Cursor cursor = page.cursor().get();
            try {
                forward = "after".equals(cursor.value(0));
                long at = Long.parseLong(cursor.value(1));
                after = forward ? Long.valueOf(at) : null;
                before = forward ? before : Long.valueOf(at);
                if (!forward && !"before".equals(cursor.value(0))) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new InvalidRequest("cursor", "is not a cursor this service issued");
            }
        }
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("conversationId", conversationId)));
        if (after != null) {
            filters.add(Filters.gt("seq", after));
        }
        if (before != null) {
            filters.add(Filters.lt("seq", before));
        }
        List<Document> fetched = mongo.getCollection(MESSAGES).find(Filters.and(filters))
                .sort(new Document("seq", forward ? 1 : -1)).limit(page.limit() + 1).into(new ArrayList<>());
        boolean more = fetched.size() > page.limit();
        List<Document> shown = new ArrayList<>(fetched.subList(0, Math.min(page.limit(), fetched.size())));
        if (!forward) {
            Collections.reverse(shown);
        }
        String next = null;
        if (more) {
            next = forward ? Cursor.of("after", Long.toString(shown.getLast().getLong("seq"))).encode()
                    : Cursor.of("before", Long.toString(shown.getFirst().getLong("seq"))).encode();
        }
        return new Page<>(shown.stream().map(Messages::message).toList(), next);
    }

    /** The member has read up to {@code seq} (never beyond the last message, never backwards); the others are told. */
    ReadState read(String caller, String conversationId, long seq) {
        List<String> members = conversations.memberOf(caller, conversationId).getList("memberIds", String.class);
        long lastSeq = lastSeq(mongo, conversationId);
        long upTo = Math.min(seq, lastSeq);
        String membershipId = Conversations.membershipId(conversationId, caller);
        mongo.getCollection(Conversations.MEMBERSHIPS).updateOne(Filters.eq("_id", membershipId),
                Updates.max("readSeq", upTo));
        Document membership = mongo.getCollection(Conversations.MEMBERSHIPS).find(Filters.eq("_id", membershipId))
                .first();
        long readSeq = membership == null ? upTo : ((Number) membership.get("readSeq")).longValue();
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "message.read");
        frame.put("conversationId", conversationId);
        frame.put("userId", caller);
        frame.put("seq", readSeq);
        push.toUsers(members, frame);
        return new ReadState(conversationId, readSeq, Math.max(0, lastSeq - readSeq));
    }

    /**
     * The sender takes a message back, within {@code kongjian.messaging.recall-within} (2 minutes) of
     * sending it, as QQ allows: it keeps its {@code seq}, so nobody's catch-up sees a gap, and loses
     * its text and media; every member's open connections are told ({@code message.recalled}).
     * Recalling it again changes nothing.
     */
    Message recall(String caller, String conversationId, String messageId) {
        List<String> members = conversations.memberOf(caller, conversationId).getList("memberIds", String.class);
        Document message = mongo.getCollection(MESSAGES)
                .find(Filters.and(Filters.eq("_id", messageId), Filters.eq("conversationId", conversationId))).first();
        if (message == null) {
            throw new NotFound("That message");
        }
        if (!caller.equals(message.getString("senderId"))) {
            throw new NotTheSender();
        }
        if (message.getDate(RECALLED_AT) != null) {
            return message(message);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (message.getDate("sentAt").toInstant().plus(recallWithin).isBefore(now)) {
            throw new TooLateToRecall(recallWithin);
        }
        Document recalled = mongo.getCollection(MESSAGES).findOneAndUpdate(
                Filters.and(Filters.eq("_id", messageId), Filters.exists(RECALLED_AT, false)),
                Updates.combine(Updates.set(RECALLED_AT, Date.from(now)), Updates.unset("text"),
                        Updates.set("mediaIds", List.of())),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (recalled == null) {
            // recalled at the same moment by another attempt, which told the members
            return message(mongo.getCollection(MESSAGES).find(Filters.eq("_id", messageId)).first());
        }
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "message.recalled");
        frame.put("conversationId", conversationId);
        frame.put("id", messageId);
        frame.put("seq", recalled.getLong("seq"));
        frame.put("recalledAt", now.toString());
        push.toUsers(members, frame);
        return message(recalled);
    }

    static Document last(MongoTemplate mongo, String conversationId) {
        return mongo.getCollection(MESSAGES).find(Filters.eq("conversationId", conversationId))
                .sort(new Document("seq", -1)).limit(1).first();
    }

    static long lastSeq(MongoTemplate mongo, String conversationId) {
        Document last = last(mongo, conversationId);
        return last == null ? 0 : last.getLong("seq");
    }

    private static Message message(Document doc) {
        return new Message(doc.getString("_id"), doc.getString("conversationId"), doc.getLong("seq"),
                doc.getString("senderId"), doc.getString("text"), doc.getList("mediaIds", String.class, List.of()),
                doc.getDate("sentAt").toInstant(),
                doc.getDate(RECALLED_AT) == null ? null : doc.getDate(RECALLED_AT).toInstant());
    }

    static final class NotTheSender extends DomainException {
        private static final long serialVersionUID = 1L;

        NotTheSender() {
            super(HttpStatus.FORBIDDEN, "not-the-sender", "Only its sender may recall a message");
        }
    }

    static final class TooLateToRecall extends DomainException {
        private static final long serialVersionUID = 1L;

        TooLateToRecall(Duration within) {
            super(HttpStatus.CONFLICT, "too-late-to-recall",
                    "A message may be recalled within " + within.toSeconds() + " s of sending it");
        }
    }
}
