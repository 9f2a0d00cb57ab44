package dev.kongjian.user.decoration;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.MallEvent;
import dev.kongjian.kit.problem.InvalidRequest;

/**
 * What a user owns from the mall (avatar frames, themes, sticker packs, gifts), until when, and
 * which are shown; and VIP status. Granted only by mall events, applied so that a redelivered
 * event changes nothing.
 */
@Service
public class Decorations {

    static final String OWNED = "owned_items";
    private static final String ACCOUNTS = "accounts";

    private final MongoTemplate mongo;
    private final Clock clock;

    Decorations(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public record OwnedItem(String itemId, MallEvent.Category category, Instant expiresAt, boolean active) {
    }

    void grant(MallEvent.ItemGranted granted) {
        var update = Updates.combine(
                Updates.setOnInsert("userId", granted.userId()),
                Updates.setOnInsert("itemId", granted.itemId()),
                Updates.set("category", granted.category().name()),
                Updates.min("grantedAt", Date.from(granted.occurredAt())));
        var id = Filters.eq("_id", granted.userId() + ":" + granted.itemId());
        if (granted.expiresAt() == null) {
            update = Updates.combine(update, Updates.set("permanent", true));
        } else {
            update = Updates.combine(update, Updates.max("expiresAt", Date.from(granted.expiresAt())));
        }
        mongo.getCollection(OWNED).updateOne(id, update, new UpdateOptions().upsert(true));
    }

    void grantVip(MallEvent.VipGranted granted) {
        mongo.getCollection(ACCOUNTS).updateOne(Filters.eq("_id", granted.userId()),
                Updates.max("vipUntil", Date.from(granted.expiresAt())));
    }

    void expireVip(MallEvent.VipExpired expired) {
        mongo.getCollection(ACCOUNTS).updateOne(Filters.and(Filters.eq("_id", expired.userId()),
                Filters.lte("vipUntil", Date.from(expired.occurredAt()))), Updates.unset("vipUntil"));
    }

    public List<OwnedItem> owned(String userId) {
        Set<String> active = new LinkedHashSet<>(activeSelection(userId));
        Instant now = clock.instant();
        List<OwnedItem> items = new ArrayList<>();
        for (Document doc : mongo.getCollection(OWNED).find(Filters.eq("userId", userId))
                .sort(new Document("grantedAt", -1))) {
            Instant expiresAt = doc.getBoolean("permanent", false) || doc.getDate("expiresAt") == null ? null
                    : doc.getDate("expiresAt").toInstant();
            if (expiresAt != null && !expiresAt.isAfter(now)) {
                continue;
            }
            String itemId = doc.getString("itemId");
            items.add(new OwnedItem(itemId, MallEvent.Category.valueOf(doc.getString("category")), expiresAt,
                    active.contains(itemId)));
        }
        return items;
    }

    /**
     * The decorations others see: chosen, owned and not expired. Takes the account document the
     * caller already read; a profile without chosen decorations costs no further read.
     */
    public List<String> shown(Document account) {
        List<String> chosen = account.getList("activeDecorations", String.class);
        if (chosen == null || chosen.isEmpty()) {
            return List.of();
        }
        String userId = account.getString("_id");
        Date now = Date.from(clock.instant());
        Set<String> owned = new LinkedHashSet<>();
        // by _id alone, answered from the primary index everywhere; still owned is checked here
        mongo.getCollection(OWNED).find(Filters.in("_id", chosen.stream().map(itemId -> userId + ":" + itemId)
                .toList())).forEach(doc -> {
                    Date expires = doc.getDate("expiresAt");
                    if (doc.getBoolean("permanent", false) || (expires != null && expires.after(now))) {
                        owned.add(doc.getString("itemId"));
                    }
                });
        return chosen.stream().filter(owned::contains).toList();
    }

    public boolean isVip(Document account) {
        return account.getDate("vipUntil") != null && account.getDate("vipUntil").toInstant().isAfter(clock.instant());
    }

    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(OWNED).createIndex(new org.springframework.data.mongodb.core.index.Index("userId",
                org.springframework.data.domain.Sort.Direction.ASC));
    }

    List<OwnedItem> choose(String userId, List<String> itemIds) {
        Set<String> owned = new LinkedHashSet<>();
        owned(userId).forEach(item -> owned.add(item.itemId()));
        for (String itemId : itemIds) {
            if (!owned.contains(itemId)) {
                throw new InvalidRequest("itemIds", "'" + itemId + "' is not an item you own (or it has expired)");
            }
        }
        mongo.getCollection(ACCOUNTS).updateOne(Filters.eq("_id", userId),
                Updates.set("activeDecorations", List.copyOf(new LinkedHashSet<>(itemIds))));
        return owned(userId);
    }

    private List<String> activeSelection(String userId) {
        Document account = mongo.getCollection(ACCOUNTS).find(Filters.eq("_id", userId))
                .projection(new Document("activeDecorations", 1)).first();
        if (account == null || account.getList("activeDecorations", String.class) == null) {
            return List.of();
        }
        return account.getList("activeDecorations", String.class);
    }
}
