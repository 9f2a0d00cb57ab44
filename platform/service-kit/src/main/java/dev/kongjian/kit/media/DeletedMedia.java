package dev.kongjian.kit.media;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import dev.kongjian.events.MediaEvent;
import dev.kongjian.kit.problem.InvalidRequest;

/**
 * The media ids whose {@code MediaDeleted} a service has received, kept in its own database
 * ({@code deleted_media}), so that a reference written after the event (a post, an avatar naming
 * a media deleted a minute ago) is refused instead of kept for good. Whoever lets go of a deleted
 * media remembers it first and then lets go; whoever stores a reference checks before and after
 * writing it: whichever of the two runs second sees the other's write.
 */
public final class DeletedMedia {

    static final String COLLECTION = "deleted_media";

    private final MongoTemplate mongo;

    public DeletedMedia(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Records the deletion; a redelivered event writes the same document again. */
    public void remember(MediaEvent.MediaDeleted deleted) {
        Document tombstone = new Document("_id", deleted.mediaId()).append("ownerId", deleted.ownerId())
                .append("deletedAt", Date.from(deleted.occurredAt()));
        mongo.getCollection(COLLECTION).replaceOne(Filters.eq("_id", deleted.mediaId()), tombstone,
                new ReplaceOptions().upsert(true));
    }

    /**
     * Those of {@code ids} known to be deleted, in their order. A few ids at a time (a post's nine at
     * most): each is looked up by {@code _id} alone, which every MongoDB answers from its primary index.
     */
    public List<String> among(Collection<String> ids) {
        List<String> found = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            if (mongo.getCollection(COLLECTION).find(Filters.eq("_id", id)).projection(new Document("_id", 1))
                    .first() != null) {
                found.add(id);
            }
        }
        return found;
    }

    /** The problem to answer for {@code field} naming deleted media: {@code 400} with the ids. */
    public static InvalidRequest refusal(String field, List<String> deleted) {
        return new InvalidRequest(field, "deleted by its owner: " + String.join(", ", deleted));
    }
}
