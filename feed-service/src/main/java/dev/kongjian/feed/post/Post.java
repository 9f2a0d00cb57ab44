package dev.kongjian.feed.post;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

import dev.kongjian.events.FeedEvent.Visibility;
import dev.kongjian.feed.graph.FriendGraph.Relation;

/** A post as stored; deleted posts keep their document (with the delete's event mark) but nothing else. */
public record Post(String id, String authorId, String text, List<String> mediaIds, Visibility visibility,
        String sharedPostId, List<String> mentionedUserIds, long likeCount, long commentCount, long shareCount,
        Instant createdAt, Instant editedAt, boolean deleted) {

    public Post {
        mediaIds = mediaIds == null ? List.of() : List.copyOf(mediaIds);
        mentionedUserIds = mentionedUserIds == null ? List.of() : List.copyOf(mentionedUserIds);
    }

    /** Whether someone standing in {@code relation} to the author may see it: the one rule every read path applies. */
    public boolean visibleTo(Relation relation) {
        if (deleted || relation == null) {
            return false;
        }
        return switch (relation) {
            case SELF -> true;
            case BLOCKED -> false;
            case FRIEND -> visibility != Visibility.PRIVATE;
            case STRANGER -> visibility == Visibility.PUBLIC;
        };
    }

    static Post from(Document doc) {
        Date edited = doc.getDate("editedAt");
        return new Post(doc.getString("_id"), doc.getString("authorId"), doc.getString("text"),
                doc.getList("mediaIds", String.class), Visibility.valueOf(doc.getString("visibility")),
                doc.getString("sharedPostId"), doc.getList("mentionedUserIds", String.class), count(doc, "likeCount"),
                count(doc, "commentCount"), count(doc, "shareCount"), doc.getDate("createdAt").toInstant(),
                edited == null ? null : edited.toInstant(), doc.getBoolean("deleted", false));
    }

    private static long count(Document doc, String field) {
        Number value = doc.get(field, Number.class);
        return value == null ? 0 : Math.max(0, value.longValue());
    }
}
