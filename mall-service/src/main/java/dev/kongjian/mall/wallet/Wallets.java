package dev.kongjian.mall.wallet;

import java.time.Clock;
import java.time.Instant;
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
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.kit.paging.Keyset;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.mall.MallProperties;

/**
 * Coins and points. A balance changes only by a conditional update of its wallet document (the
 * version it was read at, and a balance that stays at or above zero), which also records the
 * ledger entry's id: a retry of the same entry finds its id there and changes nothing. The ledger
 * entry is written first, as pending, and confirmed with the balance it left; one left pending by
 * a crash is confirmed or dropped by {@link #repair()}, from what the wallet says happened.
 */
@Service
public class Wallets {

    public enum Currency { COINS, POINTS }

    public enum Reason { TOP_UP, PURCHASE, CHECK_IN, ACTIVITY }

    public record Balance(long coins, long points) {
    }

    public record Entry(String id, Currency currency, long amount, Reason reason, String reference, long balanceAfter,
            Instant createdAt) {
    }

    static final String WALLETS = "wallets";
    static final String LEDGER = "ledger";
    /** How many of its latest entry ids a wallet keeps: far more than can be in flight at once. */
    static final int RECENT_KEPT = 64;
    private static final int ATTEMPTS = 100;

    private final MongoTemplate mongo;
    private final Clock clock;
    private final MallProperties properties;

    Wallets(MongoTemplate mongo, Clock clock, MallProperties properties) {
        this.mongo = mongo;
        this.clock = clock;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(LEDGER).createIndex(new Index().on("userId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
        mongo.indexOps(LEDGER).createIndex(new Index().on("state", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.ASC));
    }

    public Balance balance(String userId) {
        Document wallet = mongo.getCollection(WALLETS).find(Filters.eq("_id", userId)).first();
        return wallet == null ? new Balance(0, 0) : new Balance(amount(wallet, "coins"), amount(wallet, "points"));
    }

    /** All the points this user was ever credited, spent or not: what the loyalty level rests on. */
    public long pointsEarned(String userId) {
        Document wallet = mongo.getCollection(WALLETS).find(Filters.eq("_id", userId)).first();
        return wallet == null ? 0 : amount(wallet, "pointsEarned");
    }

    /** Whether the entry moved a balance: applied now or by an earlier attempt. */
    public boolean applied(String userId, String entryId) {
        Document entry = mongo.getCollection(LEDGER).find(Filters.eq("_id", entryId)).first();
        if (entry != null && "APPLIED".equals(entry.getString("state"))) {
            return true;
        }
        Document wallet = mongo.getCollection(WALLETS).find(Filters.eq("_id", userId)).first();
        return wallet != null && recent(wallet, entryId).isPresent();
    }

    /**
     * Moves {@code amount} of one currency (negative for a debit) once for {@code entryId}, and
     * answers the balance it left; a repeat of the same entry answers that balance again. A debit
     * that would take the balance below zero writes nothing and throws {@link InsufficientFunds}.
     */
    public Balance move(String userId, String entryId, Currency currency, long amount, Reason reason,
            String reference) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Document pending = new Document("_id", entryId).append("userId", userId).append("currency", currency.name())
                .append("amount", amount).append("reason", reason.name()).append("reference", reference)
                .append("state", "PENDING").append("createdAt", Date.from(now));
        if (!DuplicateKeys.insertedOnce(() -> mongo.getCollection(LEDGER).insertOne(pending))) {
            Document earlier = mongo.getCollection(LEDGER).find(Filters.eq("_id", entryId)).first();
            if (earlier != null && "APPLIED".equals(earlier.getString("state"))) {
                return new Balance(amount(earlier, "coinsAfter"), amount(earlier, "pointsAfter"));
            }
        }
        Balance after;
        try {
            after = apply(userId, entryId, currency, amount);
        } catch (InsufficientFunds e) {
            mongo.getCollection(LEDGER).deleteOne(Filters.and(Filters.eq("_id", entryId), Filters.eq("state", "PENDING")));
            throw e;
        }
        confirm(pending, after);
        return after;
    }

    private Balance apply(String userId, String entryId, Currency currency, long amount) {
        String field = field(currency);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Document wallet = mongo.getCollection(WALLETS).find(Filters.eq("_id", userId)).first();
            if (wallet != null) {
                Optional<Balance> done = recent(wallet, entryId);
                if (done.isPresent()) {
                    return done.get();
                }
            }
            long coins = wallet == null ? 0 : amount(wallet, "coins");
            long points = wallet == null ? 0 : amount(wallet, "points");
            long current = currency == Currency.COINS ? coins : points;
            long next = Math.addExact(current, amount);
            if (next < 0) {
                throw new InsufficientFunds(currency);
            }
            Balance after = currency == Currency.COINS ? new Balance(next, points) : new Balance(coins, next);
            Document mark = new Document("entryId", entryId).append("coins", after.coins()).append("points",
                    after.points());
            long earned = currency == Currency.POINTS && amount > 0 ? amount : 0;
            if (wallet == null) {
                Document created = new Document("_id", userId).append("coins", after.coins())
                        .append("points", after.points()).append("pointsEarned", earned).append("version", 1L)
                        .append("recent", List.of(mark));
                if (DuplicateKeys.insertedOnce(() -> mongo.getCollection(WALLETS).insertOne(created))) {
                    return after;
                }
                continue;
            }
            long version = amount(wallet, "version");
            Bson unchanged = Filters.and(Filters.eq("_id", userId), Filters.eq("version", version),
                    Filters.gte(field, amount < 0 ? -amount : 0));
            Bson update = Updates.combine(Updates.set(field, next), Updates.inc("version", 1L),
                    Updates.inc("pointsEarned", earned),
                    Updates.pushEach("recent", List.of(mark), new PushOptions().slice(-RECENT_KEPT)));
            if (mongo.getCollection(WALLETS).updateOne(unchanged, update).getModifiedCount() == 1) {
                return after;
            }
        }
        throw new Busy();
    }

    private void confirm(Document pending, Balance after) {
        Currency currency = Currency.valueOf(pending.getString("currency"));
        mongo.getCollection(LEDGER).updateOne(Filters.eq("_id", pending.getString("_id")),
                Updates.combine(Updates.set("state", "APPLIED"),
                        Updates.set("balanceAfter", currency == Currency.COINS ? after.coins() : after.points()),
                        Updates.set("coinsAfter", after.coins()), Updates.set("pointsAfter", after.points()),
                        Updates.setOnInsert("userId", pending.getString("userId")),
                        Updates.setOnInsert("currency", pending.getString("currency")),
                        Updates.setOnInsert("amount", pending.getLong("amount")),
                        Updates.setOnInsert("reason", pending.getString("reason")),
                        Updates.setOnInsert("reference", pending.getString("reference")),
                        Updates.setOnInsert("createdAt", pending.getDate("createdAt"))),
                new UpdateOptions().upsert(true));
    }

    /** The ledger, newest first: only entries that moved a balance. */
    public Page<Entry> ledger(String userId, PageRequest page) {
        List<Document> fetched = mongo.getCollection(LEDGER)
                .find(Keyset.newestFirst(Filters.and(Filters.eq("userId", userId), Filters.eq("state", "APPLIED")),
                        "createdAt", page))
                .sort(Keyset.newestFirstSort("createdAt")).limit(page.limit() + 1).into(new ArrayList<>());
        return Page.fromFetched(fetched, page.limit(), doc -> Keyset.cursorOf(doc, "createdAt"))
                .map(doc -> new Entry(doc.getString("_id"), Currency.valueOf(doc.getString("currency")),
                        amount(doc, "amount"), Reason.valueOf(doc.getString("reason")), doc.getString("reference"),
                        amount(doc, "balanceAfter"), doc.getDate("createdAt").toInstant()));
    }

    /**
     * Settles ledger entries an instance left pending when it died: confirmed where the wallet
     * records the entry, dropped where it does not (the balance never moved).
     */
    @Scheduled(fixedDelayString = "${kongjian.mall.repair-every:30s}", initialDelayString = "${kongjian.mall.repair-every:30s}")
    public void repair() {
        Date before = Date.from(clock.instant().minus(properties.repairAfter()));
        List<Document> stale = mongo.getCollection(LEDGER)
                .find(Filters.and(Filters.eq("state", "PENDING"), Filters.lt("createdAt", before))).limit(500)
                .into(new ArrayList<>());
        for (Document entry : stale) {
            Document wallet = mongo.getCollection(WALLETS).find(Filters.eq("_id", entry.getString("userId"))).first();
            Optional<Balance> after = wallet == null ? Optional.empty() : recent(wallet, entry.getString("_id"));
            if (after.isPresent()) {
                confirm(entry, after.get());
            } else {
                mongo.getCollection(LEDGER).deleteOne(Filters.and(Filters.eq("_id", entry.getString("_id")),
                        Filters.eq("state", "PENDING")));
            }
        }
    }

    private static Optional<Balance> recent(Document wallet, String entryId) {
        return wallet.getList("recent", Document.class, List.of()).stream()
                .filter(mark -> entryId.equals(mark.getString("entryId"))).findFirst()
                .map(mark -> new Balance(amount(mark, "coins"), amount(mark, "points")));
    }

    private static String field(Currency currency) {
        return currency == Currency.COINS ? "coins" : "points";
    }

    private static long amount(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof Number number ? number.longValue() : 0;
    }

    /** A debit larger than the balance. */
    public static final class InsufficientFunds extends DomainException {
        private static final long serialVersionUID = 1L;

        private final Currency currency;

        InsufficientFunds(Currency currency) {
            super(HttpStatus.CONFLICT, "insufficient-funds",
                    "Not enough " + currency.name().toLowerCase(java.util.Locale.ROOT) + " in the wallet");
            this.currency = currency;
        }

        public Currency currency() {
            return currency;
        }
    }

    /** So many changes to one wallet at once that this one could not get in; the client may retry. */
    static final class Busy extends DomainException {
        private static final long serialVersionUID = 1L;

        Busy() {
            super(HttpStatus.CONFLICT, "wallet-busy", "The wallet is changing too fast; try again");
        }
    }
}
