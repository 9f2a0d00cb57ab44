package dev.kongjian.mall.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.KongjianEvent;
import dev.kongjian.events.MallEvent;
import dev.kongjian.kit.idempotency.IdempotentIds;
import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.kit.problem.InvalidRequest;
import dev.kongjian.kit.problem.NotFound;
import dev.kongjian.kit.users.UserDirectory;
import dev.kongjian.mall.MallProperties;
import dev.kongjian.mall.catalog.Catalog;
import dev.kongjian.mall.people.People;
import dev.kongjian.mall.wallet.Wallets;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Buying an item, in steps that each stand alone: the order is stored as pending, stock (where the
 * item has any) is taken, the price is debited under a ledger entry named after the order, and the
 * order completes together with its grant event (through the outbox). A step that fails undoes the
 * one before it; an order a crash left pending is finished from the ledger by {@link #repair()}:
 * granted if it was paid, else given up and its stock returned. Its id comes from the
 * Idempotency-Key, so no retry pays twice.
 */
@Service
public class Orders {

    static final String ORDERS = "orders";

    enum PayWith { COINS, POINTS }

    enum Status { PENDING, COMPLETED, FAILED }

    enum FailureReason { INSUFFICIENT_FUNDS, OUT_OF_STOCK, INTERRUPTED }

    record Order(String id, String itemId, String itemName, MallEvent.Category category, int quantity, PayWith payWith,
            long price, String giftToUserId, Status status, FailureReason failureReason, Instant expiresAt,
            Instant createdAt) {
    }

    private final MongoTemplate mongo;
    private final Catalog catalog;
    private final Wallets wallets;
    private final Memberships memberships;
    private final People people;
    private final UserDirectory directory;
    private final Outbox outbox;
    private final Clock clock;
    private final MallProperties properties;

    private final MeterRegistry meters;

    Orders(MongoTemplate mongo, Catalog catalog, Wallets wallets, Memberships memberships, People people,
            UserDirectory directory, Outbox outbox, Clock clock, MallProperties properties, MeterRegistry meters) {
        this.meters = meters;
        this.mongo = mongo;
        this.catalog = catalog;
        this.wallets = wallets;
        this.memberships = memberships;
        this.people = people;
        this.directory = directory;
        this.outbox = outbox;
        this.clock = clock;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(ORDERS).createIndex(new Index().on("userId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
        mongo.indexOps(ORDERS).createIndex(new Index().on("status", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.ASC));
    }

    Order place(String buyer, String itemId, int quantity, PayWith payWith, String giftToUserId,
            String idempotencyKey) {
        Catalog.Item item = catalog.get(itemId);
        if (payWith == PayWith.POINTS && item.pricePoints() == null) {
            throw new InvalidRequest("payWith", "this item is not sold for points");
        }
        if (giftToUserId != null) {
            if (giftToUserId.equals(buyer)) {
                throw new InvalidRequest("giftToUserId", "must be someone else");
            }
            if (!people.exists(giftToUserId) && !existsNow(giftToUserId)) {
                throw new NotFound("That user");
            }
        }
        long unitPrice = payWith == PayWith.COINS ? item.priceCoins() : item.pricePoints();
        String id = IdempotentIds.newId(idempotencyKey, "order", buyer);
        Document order = new Document("_id", id).append("userId", buyer).append("itemId", item.id())
                .append("itemName", item.name()).append("category", item.category().name())
                .append("quantity", quantity).append("payWith", payWith.name())
                .append("price", Math.multiplyExact(unitPrice, quantity)).append("giftToUserId", giftToUserId)
                .append("stocked", item.stock() != null).append("durationDays", item.durationDays())
                .append("status", Status.PENDING.name())
                .append("createdAt", Date.from(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        if (!DuplicateKeys.insertedOnce(() -> mongo.getCollection(ORDERS).insertOne(order))) {
            Document earlier = stored(id);
            if (!Status.PENDING.name().equals(earlier.getString("status"))) {
                return view(earlier); // a first attempt with this Idempotency-Key finished it
            }
            return carryOut(earlier);
        }
        return carryOut(order);
    }

    /** Asks user-service about a user this service's replica does not know yet: registered a moment ago, perhaps. */
    private boolean existsNow(String userId) {
        var relation = directory.relationTo(userId);
        return relation == UserDirectory.Relation.FRIEND || relation == UserDirectory.Relation.OTHER;
    }

    private Order carryOut(Document order) {
        String id = order.getString("_id");
        String itemId = order.getString("itemId");
        int quantity = order.getInteger("quantity");
        boolean stocked = order.getBoolean("stocked", false);
        if (stocked && !catalog.takeStock(itemId, id, quantity)) {
            throw fail(order, FailureReason.OUT_OF_STOCK);
        }
        try {
            wallets.move(order.getString("userId"), debitOf(id), currencyOf(order), -order.getLong("price"),
                    Wallets.Reason.PURCHASE, id);
        } catch (Wallets.InsufficientFunds e) {
            if (stocked) {
                catalog.returnStock(itemId, id, quantity);
            }
            throw fail(order, FailureReason.INSUFFICIENT_FUNDS);
        }
        return complete(order);
    }

    /** Paid for: the order completes and its grant is published, in one write of the order. */
    private Order complete(Document order) {
        String id = order.getString("_id");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String buyer = order.getString("userId");
        String giftTo = order.getString("giftToUserId");
        String receiver = giftTo != null ? giftTo : buyer;
        MallEvent.Category category = MallEvent.Category.valueOf(order.getString("category"));
        int quantity = order.getInteger("quantity");
        Integer days = order.getInteger("durationDays");
        Duration length = days == null ? null : Duration.ofDays((long) days * quantity);
        Instant expiresAt;
        KongjianEvent grant;
        if (category == MallEvent.Category.VIP_MEMBERSHIP) {
            expiresAt = memberships.extend(receiver, id, length, now);
            grant = new MallEvent.VipGranted(UUID.randomUUID().toString(), receiver, id, expiresAt, now, 1);
        } else {
            expiresAt = length == null ? null : now.plus(length);
            grant = new MallEvent.ItemGranted(UUID.randomUUID().toString(), receiver, id, order.getString("itemId"),
                    category, quantity, expiresAt, giftTo != null ? buyer : null, now, 1);
        }
        try {
            outbox.publishWith(grant, ORDERS, id, () -> {
                Update completed = Outbox.mark(new Update().set("status", Status.COMPLETED.name())
                        .set("expiresAt", expiresAt == null ? null : Date.from(expiresAt))
                        .set("completedAt", Date.from(now)), grant);
                if (mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("status").is(Status.PENDING.name())),
                        completed, ORDERS).getModifiedCount() == 0) {
                    throw new Settled();
                }
                return null;
            });
            counted(order, Status.COMPLETED, "none");
        } catch (Settled e) {
            // finished meanwhile by another attempt, whose grant is the one published
        }
        return view(stored(id));
    }

    private DomainException fail(Document order, FailureReason reason) {
        if (mongo.getCollection(ORDERS).updateOne(Filters.and(Filters.eq("_id", order.getString("_id")),
                Filters.eq("status", Status.PENDING.name())),
                Updates.combine(Updates.set("status", Status.FAILED.name()), Updates.set("failureReason", reason.name())))
                .getModifiedCount() > 0) {
            counted(order, Status.FAILED, reason.name());
        }
        return new OrderFailed(reason);
    }

    /** {@code kongjian.mall.orders}: orders settled, by outcome, reason, category and currency. */
    private void counted(Document order, Status status, String reason) {
        meters.counter("kongjian.mall.orders", "status", status.name(), "reason", reason, "category",
                order.getString("category"), "payWith", order.getString("payWith")).increment();
    }

    Page<Order> of(String buyer, PageRequest page) {
        List<Document> fetched = mongo.getCollection(ORDERS)
                .find(Keyset.newestFirst(Filters.eq("userId", buyer), "createdAt", page))
                .sort(Keyset.newestFirstSort("createdAt")).limit(page.limit() + 1).into(new ArrayList<>());
        return Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "createdAt")).map(Orders::view);
    }

    Order one(String buyer, String id) {
        Document order = mongo.getCollection(ORDERS).find(Filters.and(Filters.eq("_id", id), Filters.eq("userId", buyer)))
                .first();
        if (order == null) {
            throw new NotFound("That order");
        }
        return view(order);
    }

    /**
     * Finishes orders an instance left pending when it died: those whose price was debited are
     * completed (the buyer paid, so the item is granted); the rest are given up, with their stock
     * returned.
     */
    @Scheduled(fixedDelayString = "${kongjian.mall.repair-every:30s}", initialDelayString = "${kongjian.mall.repair-every:30s}")
    public void repair() {
        Date before = Date.from(clock.instant().minus(properties.repairAfter()));
        List<Document> stale = mongo.getCollection(ORDERS)
                .find(Filters.and(Filters.eq("status", Status.PENDING.name()), Filters.lt("createdAt", before)))
                .limit(500).into(new ArrayList<>());
        for (Document order : stale) {
            String id = order.getString("_id");
            if (wallets.applied(order.getString("userId"), debitOf(id))) {
                complete(order);
            } else {
                if (order.getBoolean("stocked", false)) {
                    catalog.returnStock(order.getString("itemId"), id, order.getInteger("quantity"));
                }
                fail(order, FailureReason.INTERRUPTED);
            }
        }
    }

    private Document stored(String id) {
        return mongo.getCollection(ORDERS).find(Filters.eq("_id", id)).first();
    }

    private static String debitOf(String orderId) {
        return "order:" + orderId;
    }

    private static Wallets.Currency currencyOf(Document order) {
        return PayWith.valueOf(order.getString("payWith")) == PayWith.COINS ? Wallets.Currency.COINS
                : Wallets.Currency.POINTS;
    }

    private static Order view(Document doc) {
        return new Order(doc.getString("_id"), doc.getString("itemId"), doc.getString("itemName"),
                MallEvent.Category.valueOf(doc.getString("category")), doc.getInteger("quantity"),
                PayWith.valueOf(doc.getString("payWith")), doc.getLong("price"), doc.getString("giftToUserId"),
                Status.valueOf(doc.getString("status")),
                doc.getString("failureReason") == null ? null : FailureReason.valueOf(doc.getString("failureReason")),
                doc.getDate("expiresAt") == null ? null : doc.getDate("expiresAt").toInstant(),
                doc.getDate("createdAt").toInstant());
    }

    /** The order could not be paid or filled; it is kept, as FAILED, with the reason. */
    static final class OrderFailed extends DomainException {
        private static final long serialVersionUID = 1L;

        OrderFailed(FailureReason reason) {
            super(HttpStatus.CONFLICT, reason == FailureReason.OUT_OF_STOCK ? "out-of-stock" : "insufficient-funds",
                    reason == FailureReason.OUT_OF_STOCK ? "Not enough of that item is left in stock"
                            : "Not enough funds in the wallet to pay for the order");
        }
    }

    /** The pending order was finished by another attempt between reading and completing it. */
    private static final class Settled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Settled() {
            super(null, null, false, false);
        }
    }
}
