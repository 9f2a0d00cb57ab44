package dev.kongjian.mall.catalog;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.MallEvent.Category;
import dev.kongjian.kit.idempotency.IdempotentIds;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.InvalidRequest;
import dev.kongjian.kit.problem.NotFound;
import dev.kongjian.mall.MallProperties;

/**
 * What the mall sells. Stock, where an item has any, is taken by a conditional update that
 * never lets it fall below zero, and records the order that took it, so that a retried order
 * takes it once and an abandoned one can give it back.
 */
@Service
public class Catalog {

    static final String ITEMS = "items";
    /** How many of the latest orders an item remembers taking stock for. */
    static final int ORDERS_KEPT = 512;

    public record Item(String id, String name, Category category, long priceCoins, Long pricePoints, Long stock,
            Integer durationDays) {
    }

    /** What an administrator sets on an item. */
    public record ItemSpec(String name, Category category, long priceCoins, Long pricePoints, Long stock,
            Integer durationDays) {
    }

    private final MongoTemplate mongo;
    private final Clock clock;
    private final MallProperties properties;

    Catalog(MongoTemplate mongo, Clock clock, MallProperties properties) {
        this.mongo = mongo;
        this.clock = clock;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void prepare() {
        mongo.indexOps(ITEMS).createIndex(new Index().on("category", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
        mongo.indexOps(ITEMS).createIndex(new Index("createdAt", Sort.Direction.DESC));
        if (properties.seedCatalog()) {
            StarterItems.ALL.forEach(this::seed);
        }
    }

    /** Adds a starter item once, under an id fixed by its name; an administrator's later edits stay. */
    private void seed(ItemSpec spec) {
        String id = IdempotentIds.newId(spec.name(), "starter-item");
        Date now = Date.from(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        List<Bson> fields = new ArrayList<>();
        fields.add(Updates.setOnInsert("createdAt", now));
        specFields(spec).forEach((name, value) -> fields.add(Updates.setOnInsert(name, value)));
        mongo.getCollection(ITEMS).updateOne(Filters.eq("_id", id), Updates.combine(fields),
                new UpdateOptions().upsert(true));
    }

    public Optional<Item> find(String id) {
        return Optional.ofNullable(mongo.getCollection(ITEMS).find(Filters.eq("_id", id)).first()).map(Catalog::item);
    }

    public Item get(String id) {
        return find(id).orElseThrow(() -> new NotFound("That item"));
    }

    Page<Item> list(Category category, PageRequest page) {
        Bson base = category == null ? new Document() : Filters.eq("category", category.name());
        List<Document> fetched = mongo.getCollection(ITEMS).find(Keyset.newestFirst(base, "createdAt", page))
                .sort(Keyset.newestFirstSort("createdAt")).limit(page.limit() + 1).into(new ArrayList<>());
        return Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "createdAt")).map(Catalog::item);
    }

    Item create(ItemSpec spec) {
        check(spec);
        String id = java.util.UUID.randomUUID().toString();
        Document doc = new Document("_id", id).append("createdAt",
                Date.from(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        doc.putAll(specFields(spec));
        mongo.getCollection(ITEMS).insertOne(doc);
        return item(doc);
    }

    Item update(String id, ItemSpec spec) {
        check(spec);
        List<Bson> sets = new ArrayList<>();
        specFields(spec).forEach((name, value) -> sets.add(Updates.set(name, value)));
        if (mongo.getCollection(ITEMS).updateOne(Filters.eq("_id", id), Updates.combine(sets)).getMatchedCount() == 0) {
            throw new NotFound("That item");
        }
        return get(id);
    }

    /** Takes {@code quantity} of the item's stock for an order, once; false where there is not enough left. */
    public boolean takeStock(String itemId, String orderId, int quantity) {
        Bson available = Filters.and(Filters.eq("_id", itemId), Filters.gte("stock", quantity),
                Filters.ne("stockTakenBy", orderId));
        Bson take = Updates.combine(Updates.inc("stock", -quantity),
                Updates.pushEach("stockTakenBy", List.of(orderId), new PushOptions().slice(-ORDERS_KEPT)));
        if (mongo.getCollection(ITEMS).updateOne(available, take).getModifiedCount() == 1) {
            return true;
        }
        return stockTakenBy(itemId, orderId);
    }

    /** Gives back what an order took, if it took any and has not given it back already. */
    public void returnStock(String itemId, String orderId, int quantity) {
        mongo.getCollection(ITEMS).updateOne(Filters.and(Filters.eq("_id", itemId), Filters.eq("stockTakenBy", orderId)),
                Updates.combine(Updates.inc("stock", quantity), Updates.pull("stockTakenBy", orderId)));
    }

    private boolean stockTakenBy(String itemId, String orderId) {
        return mongo.getCollection(ITEMS).find(Filters.and(Filters.eq("_id", itemId), Filters.eq("stockTakenBy", orderId)))
                .first() != null;
    }

    private static void check(ItemSpec spec) {
        if (spec.category() == Category.VIP_MEMBERSHIP && spec.durationDays() == null) {
            throw new InvalidRequest("durationDays", "is required for a VIP membership");
        }
    }

    private static Document specFields(ItemSpec spec) {
        return new Document("name", spec.name()).append("category", spec.category().name())
                .append("priceCoins", spec.priceCoins()).append("pricePoints", spec.pricePoints())
                .append("stock", spec.stock()).append("durationDays", spec.durationDays());
    }

    private static Item item(Document doc) {
        return new Item(doc.getString("_id"), doc.getString("name"), Category.valueOf(doc.getString("category")),
                ((Number) doc.get("priceCoins")).longValue(), longOrNull(doc, "pricePoints"), longOrNull(doc, "stock"),
                doc.get("durationDays") instanceof Number days ? days.intValue() : null);
    }

    private static Long longOrNull(Document doc, String field) {
        return doc.get(field) instanceof Number number ? number.longValue() : null;
    }

}
