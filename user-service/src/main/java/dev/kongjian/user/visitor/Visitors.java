package dev.kongjian.user.visitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.FeedEvent;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.user.account.PersonCards;
import dev.kongjian.user.account.PersonCards.PersonCard;

/**
 * Who visited a space: one entry per visitor per day (UTC), the latest visit time kept, the
 * most recent {@value #KEPT} entries per space. Recording is an upsert on (space, visitor,
 * day), so a redelivered visit changes nothing.
 */
@Service
class Visitors {

    static final String COLLECTION = "visits";
    static final int KEPT = 100;

    private final MongoTemplate mongo;
    private final PersonCards cards;

    Visitors(MongoTemplate mongo, PersonCards cards) {
        this.mongo = mongo;
        this.cards = cards;
    }

    record Visit(String userId, String username, String displayName, String avatarMediaId, Instant visitedAt) {
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(COLLECTION).createIndex(new Index("ownerId", Sort.Direction.ASC));
    }

    void record(FeedEvent.SpaceVisited visit) {
        if (visit.authorId().equals(visit.visitorId())) {
            return;
        }
        String day = visit.occurredAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
        mongo.getCollection(COLLECTION).updateOne(
                Filters.eq("_id", visit.authorId() + ":" + visit.visitorId() + ":" + day),
                Updates.combine(Updates.setOnInsert("ownerId", visit.authorId()),
                        Updates.setOnInsert("visitorId", visit.visitorId()), Updates.setOnInsert("day", day),
                        Updates.max("visitedAt", Date.from(visit.occurredAt()))),
                new UpdateOptions().upsert(true));
        trim(visit.authorId());
    }

    private void trim(String ownerId) {
        List<Object> beyond = mongo.getCollection(COLLECTION).find(Filters.eq("ownerId", ownerId))
                .sort(new Document("visitedAt", -1).append("_id", -1)).skip(KEPT).projection(new Document("_id", 1))
                .map(doc -> doc.get("_id")).into(new ArrayList<>());
        if (!beyond.isEmpty()) {
            mongo.getCollection(COLLECTION).deleteMany(Filters.in("_id", beyond));
        }
    }

    Page<Visit> of(String ownerId, PageRequest page) {
        List<Document> fetched = mongo.getCollection(COLLECTION)
                .find(Keyset.newestFirst(Filters.eq("ownerId", ownerId), "visitedAt", page))
                .sort(Keyset.newestFirstSort("visitedAt")).limit(page.limit() + 1).into(new ArrayList<>());
        return Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "visitedAt"))
                .map(this::withProfile);
    }

    private Visit withProfile(Document visit) {
        String visitorId = visit.getString("visitorId");
        PersonCard card = cards.of(visitorId);
        return new Visit(visitorId, card.username(), card.displayName(), card.avatarMediaId(),
                visit.getDate("visitedAt").toInstant());
    }
}
