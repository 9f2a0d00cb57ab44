package dev.kongjian.mall;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.model.Filters;

import dev.kongjian.events.MallEvent;
import dev.kongjian.mall.catalog.Catalog;
import dev.kongjian.mall.order.Orders;
import dev.kongjian.mall.wallet.Wallets;

class OrdersIntegrationTests extends MallServiceTestSupport {

    @Autowired
    Orders orders;

    @Autowired
    Wallets wallets;

    @Autowired
    Catalog catalog;

    @Test
    void aPaidOrderCompletesAndGrantsTheItemForItsDuration() {
        User mei = newUser();
        topUp(mei, 500);
        String frame = item("AVATAR_FRAME", 120, 600L, null, 30);

        var bought = order(mei, frame, 2, "COINS", null);

        assertThat(bought.status()).as(bought.body()).isEqualTo(201);
        assertThat(bought.json().path("status").asString()).isEqualTo("COMPLETED");
        assertThat(bought.json().path("price").asLong()).isEqualTo(240);
        assertThat(wallet(mei).path("coins").asLong()).isEqualTo(260);
        var granted = awaitEvent(MallEvent.ItemGranted.class, e -> e.itemId().equals(frame));
        assertThat(granted.userId()).isEqualTo(mei.id());
        assertThat(granted.orderId()).isEqualTo(bought.json().path("id").asString());
        assertThat(granted.category()).isEqualTo(MallEvent.Category.AVATAR_FRAME);
        assertThat(granted.quantity()).isEqualTo(2);
        assertThat(granted.giftFromUserId()).isNull();
        assertThat(Duration.between(granted.occurredAt(), granted.expiresAt())).isEqualTo(Duration.ofDays(60));

        var listed = http.send("GET", "/api/v1/mall/orders", mei.token(), null).json().path("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asString()).isEqualTo(bought.json().path("id").asString());
        assertThat(http.send("GET", "/api/v1/mall/orders/" + listed.get(0).path("id").asString(), newUser().token(),
                null).status()).isEqualTo(404);
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void ordersAreCountedByOutcome() {
        User mei = newUser();
        topUp(mei, 100);
        String cheap = item("STICKER_PACK", 30, null, null, null);
        String dear = item("STICKER_PACK", 450, null, null, null);
        double completed = orders("COMPLETED", "none");
        double failed = orders("FAILED", "INSUFFICIENT_FUNDS");

        order(mei, cheap, 1, "COINS", null);
        order(mei, dear, 1, "COINS", null);

        assertThat(orders("COMPLETED", "none")).isEqualTo(completed + 1);
        assertThat(orders("FAILED", "INSUFFICIENT_FUNDS")).isEqualTo(failed + 1);
    }

    private double orders(String status, String reason) {
        var counter = meters.find("kongjian.mall.orders").tags("status", status, "reason", reason, "category",
                "STICKER_PACK", "payWith", "COINS").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anOrderThatCannotBePaidIsRefusedKeptAsFailedAndCostsNothing() {
        User mei = newUser();
        topUp(mei, 100);
        String theme = item("SPACE_THEME", 450, null, null, null);

        var refused = order(mei, theme, 1, "COINS", null);

        assertProblem(refused, 409);
        assertThat(refused.json().path("type").asString()).endsWith("/insufficient-funds");
        assertThat(wallet(mei).path("coins").asLong()).isEqualTo(100);
        var listed = http.send("GET", "/api/v1/mall/orders", mei.token(), null).json().path("items");
        assertThat(listed.get(0).path("status").asString()).isEqualTo("FAILED");
        assertThat(listed.get(0).path("failureReason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(published(MallEvent.ItemGranted.class, e -> e.itemId().equals(theme))).isEmpty();
    }

    @Test
    void pointsBuyWhatIsPricedInPointsAndNothingElse() {
        User mei = newUser();
        String sticker = item("STICKER_PACK", 60, 25L, null, null);
        String coinsOnly = item("STICKER_PACK", 60, null, null, null);
        wallets.move(mei.id(), "bonus-" + UUID.randomUUID(), Wallets.Currency.POINTS, 60, Wallets.Reason.ACTIVITY, null);

        assertThat(order(mei, sticker, 2, "POINTS", null).status()).isEqualTo(201);
        assertProblem(order(mei, sticker, 1, "POINTS", null), 409);
        var notForPoints = order(mei, coinsOnly, 1, "POINTS", null);
        assertProblem(notForPoints, 400);
        assertThat(notForPoints.json().path("errors").get(0).path("field").asString()).isEqualTo("payWith");
        assertThat(wallet(mei).path("points").asLong()).isEqualTo(10);
        assertThat(wallet(mei).path("coins").asLong()).isZero();
    }

    @Test
    void aGiftGoesToItsReceiverAndSaysWhoSentIt() {
        User mei = newUser();
        User lin = newUser();
        topUp(mei, 100);
        String rose = item("GIFT", 10, null, null, null);

        var gift = order(mei, rose, 3, "COINS", lin.id());

        assertThat(gift.status()).as(gift.body()).isEqualTo(201);
        assertThat(gift.json().path("giftToUserId").asString()).isEqualTo(lin.id());
        var granted = awaitEvent(MallEvent.ItemGranted.class, e -> e.itemId().equals(rose));
        assertThat(granted.userId()).isEqualTo(lin.id());
        assertThat(granted.giftFromUserId()).isEqualTo(mei.id());
        assertThat(granted.expiresAt()).isNull();
        assertThat(wallet(mei).path("coins").asLong()).isEqualTo(70);
        assertThat(wallet(lin).path("coins").asLong()).isZero();
        assertProblem(order(mei, rose, 1, "COINS", UUID.randomUUID().toString()), 404);
        assertProblem(order(mei, rose, 1, "COINS", mei.id()), 400);
        // registered a moment ago: user-service knows before this service's replica does
        org.mockito.Mockito.when(directory.relationTo("brand-new")).thenReturn(
                dev.kongjian.kit.users.UserDirectory.Relation.OTHER);
        assertThat(order(mei, rose, 1, "COINS", "brand-new").status()).isEqualTo(201);
    }

    @Test
    void vipMembershipsAddUpFromWhereTheLastOneEnds() {
        User mei = newUser();
        topUp(mei, 1000);
        String vip = item("VIP_MEMBERSHIP", 300, null, null, 30);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        assertThat(order(mei, vip, 1, "COINS", null).status()).isEqualTo(201);
        assertThat(order(mei, vip, 2, "COINS", null).status()).isEqualTo(201);

        List<MallEvent.VipGranted> grants = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            grants.clear();
            grants.addAll(published(MallEvent.VipGranted.class, e -> e.userId().equals(mei.id())));
            return grants.size() == 2;
        });
        Instant last = grants.stream().map(MallEvent.VipGranted::expiresAt).max(Instant::compareTo).orElseThrow();
        assertThat(last).isBetween(before.plus(Duration.ofDays(90)), Instant.now().plus(Duration.ofDays(90)));
    }

    @Test
    void stockNeverOversellsWhenManyBuyAtOnce() throws Exception {
        String lantern = item("GIFT", 5, null, 3L, null);
        List<User> buyers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            User buyer = newUser();
            topUp(buyer, 50);
            buyers.add(buyer);
        }

        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (User buyer : buyers) {
                answers.add(pool.submit(() -> order(buyer, lantern, 1, "COINS", null).status()));
            }
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        }

        assertThat(statuses).filteredOn(status -> status == 201).hasSize(3);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(5);
        assertThat(catalog.get(lantern).stock()).isZero();
        long coinsLeft = buyers.stream().mapToLong(buyer -> wallet(buyer).path("coins").asLong()).sum();
        assertThat(coinsLeft).isEqualTo(8 * 50 - 3 * 5);
    }

    @Test
    void anOrderThatRanOutOfFundsGivesBackTheStockItTook() {
        User mei = newUser();
        String lantern = item("GIFT", 99, null, 2L, null);

        assertProblem(order(mei, lantern, 2, "COINS", null), 409);

        assertThat(catalog.get(lantern).stock()).isEqualTo(2);
        var refused = order(mei, lantern, 3, "COINS", null);
        assertProblem(refused, 409);
        assertThat(refused.json().path("type").asString()).endsWith("/out-of-stock");
    }

    @Test
    void aRetryWithTheSameKeyNeverPaysTwiceEvenAfterTheFirstAnswerWasLost() {
        User mei = newUser();
        topUp(mei, 100);
        String rose = item("GIFT", 10, null, null, null);
        String key = UUID.randomUUID().toString();

        var first = order(mei, rose, 1, "COINS", null, "Idempotency-Key", key);
        redis.delete("idem:mall-service:" + mei.id() + ":" + key);
        var retry = order(mei, rose, 1, "COINS", null, "Idempotency-Key", key);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(wallet(mei).path("coins").asLong()).isEqualTo(90);
        assertThat(published(MallEvent.ItemGranted.class, e -> e.itemId().equals(rose))).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void anOrderACrashLeftPendingIsGrantedIfPaidAndGivenUpIfNot() {
        User mei = newUser();
        topUp(mei, 100);
        String lantern = item("GIFT", 10, null, 5L, null);
        Date longAgo = Date.from(clock.instant().minus(Duration.ofMinutes(10)));
        // one died after taking stock and paying; the other after taking stock only
        String paid = pendingOrder(mei, lantern, longAgo);
        String unpaid = pendingOrder(mei, lantern, longAgo);
        catalog.takeStock(lantern, paid, 1);
        catalog.takeStock(lantern, unpaid, 1);
        wallets.move(mei.id(), "order:" + paid, Wallets.Currency.COINS, -10, Wallets.Reason.PURCHASE, paid);

        orders.repair();

        assertThat(status(paid)).isEqualTo("COMPLETED");
        assertThat(status(unpaid)).isEqualTo("FAILED");
        awaitEvent(MallEvent.ItemGranted.class, e -> e.orderId().equals(paid));
        assertThat(published(MallEvent.ItemGranted.class, e -> e.orderId().equals(unpaid))).isEmpty();
        assertThat(catalog.get(lantern).stock()).isEqualTo(4);
        assertThat(wallet(mei).path("coins").asLong()).isEqualTo(90);
    }

    @Test
    void anOrderMustSayWhatHowManyAndHowToPay() {
        User mei = newUser();
        String rose = item("GIFT", 10, null, null, null);
        assertProblem(http.send("POST", "/api/v1/mall/orders", mei.token(), "{\"itemId\":\"" + rose + "\"}"), 400);
        assertProblem(order(mei, rose, 0, "COINS", null), 400);
        assertProblem(order(mei, rose, 100, "COINS", null), 400);
        assertProblem(order(mei, rose, 1, "CASH", null), 400);
        assertProblem(order(mei, "no-such-item", 1, "COINS", null), 404);
        var defaultQuantity = http.send("POST", "/api/v1/mall/orders", mei.token(),
                "{\"itemId\":\"" + rose + "\",\"payWith\":\"COINS\"}");
        assertProblem(defaultQuantity, 409);
    }

    private String pendingOrder(User buyer, String itemId, Date createdAt) {
        String id = UUID.randomUUID().toString();
        mongo.getCollection("orders").insertOne(new Document("_id", id).append("userId", buyer.id())
                .append("itemId", itemId).append("itemName", "Lantern").append("category", "GIFT")
                .append("quantity", 1).append("payWith", "COINS").append("price", 10L).append("giftToUserId", null)
                .append("stocked", true).append("durationDays", null).append("status", "PENDING")
                .append("createdAt", createdAt));
        return id;
    }

    private String status(String orderId) {
        return mongo.getCollection("orders").find(Filters.eq("_id", orderId)).first().getString("status");
    }

}
