package dev.kongjian.mall;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
import com.mongodb.client.model.Updates;

import dev.kongjian.mall.wallet.Wallets;

class WalletIntegrationTests extends MallServiceTestSupport {

    @Autowired
    Wallets wallets;

    @Test
    void aNewWalletIsEmptyAndATopUpCreditsItOnceForEveryRetry() {
        User mei = newUser();
        assertThat(wallet(mei).path("coins").asLong()).isZero();
        assertThat(wallet(mei).path("points").asLong()).isZero();

        String key = UUID.randomUUID().toString();
        var first = http.send("POST", "/api/v1/wallet/top-ups", mei.token(), "{\"amountCoins\":250}",
                "Idempotency-Key", key);
        var replay = http.send("POST", "/api/v1/wallet/top-ups", mei.token(), "{\"amountCoins\":250}",
                "Idempotency-Key", key);
        // the instance that ran the first died before keeping its answer: the retry still credits nothing
        redis.delete("idem:mall-service:" + mei.id() + ":" + key);
        var afterCrash = http.send("POST", "/api/v1/wallet/top-ups", mei.token(), "{\"amountCoins\":250}",
                "Idempotency-Key", key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().path("coins").asLong()).isEqualTo(250);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(afterCrash.status()).isEqualTo(201);
        assertThat(afterCrash.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(wallet(mei).path("coins").asLong()).isEqualTo(250);
        assertProblem(http.send("POST", "/api/v1/wallet/top-ups", mei.token(), "{\"amountCoins\":5}",
                "Idempotency-Key", key), 422);
    }

    @Test
    void aTopUpMustBeAWholePositiveAmountWithinTheLimit() {
        User mei = newUser();
        for (String amount : List.of("0", "-5", "1.5", "\"ten\"", "100001", "1e30", "null")) {
            assertProblem(http.send("POST", "/api/v1/wallet/top-ups", mei.token(), "{\"amountCoins\":" + amount + "}"),
                    400);
        }
        assertThat(wallet(mei).path("coins").asLong()).isZero();
    }

    @Test
    void theLedgerListsEveryMoveNewestFirstWithTheBalanceItLeft() {
        User mei = newUser();
        topUp(mei, 100);
        topUp(mei, 50);
        String rose = item("GIFT", 30, null, null, null);
        assertThat(order(mei, rose, 1, "COINS", null).status()).isEqualTo(201);

        List<String> seen = new ArrayList<>();
        var first = http.send("GET", "/api/v1/wallet/transactions?limit=2", mei.token(), null).json();
        first.path("items").forEach(entry -> seen.add(entry.path("reason").asString() + " "
                + entry.path("amount").asLong() + " -> " + entry.path("balanceAfter").asLong()));
        var second = http.send("GET", "/api/v1/wallet/transactions?limit=2&cursor="
                + first.path("nextCursor").asString(), mei.token(), null).json();
        second.path("items").forEach(entry -> seen.add(entry.path("reason").asString() + " "
                + entry.path("amount").asLong() + " -> " + entry.path("balanceAfter").asLong()));

        assertThat(seen).containsExactly("PURCHASE -30 -> 120", "TOP_UP 50 -> 150", "TOP_UP 100 -> 100");
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(first.path("items").get(0).path("currency").asString()).isEqualTo("COINS");
    }

    @Test
    void concurrentDebitsNeverTakeABalanceBelowZero() throws Exception {
        User mei = newUser();
        topUp(mei, 100);
        String rose = item("GIFT", 30, null, null, null);

        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> order(mei, rose, 1, "COINS", null).status()));
            }
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        }

        assertThat(statuses).filteredOn(status -> status == 201).hasSize(3);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(5);
        assertThat(wallet(mei).path("coins").asLong()).isEqualTo(10);
    }

    @Test
    void aLedgerEntryLeftPendingByACrashIsConfirmedIfTheWalletMovedAndDroppedIfNot() {
        User mei = newUser();
        topUp(mei, 100);
        User lin = newUser();
        topUp(lin, 100);
        Date longAgo = Date.from(clock.instant().minus(Duration.ofMinutes(5)));
        // Mei's debit moved her wallet and died before confirming its entry
        wallets.move(mei.id(), "crashed-after", Wallets.Currency.COINS, -40, Wallets.Reason.PURCHASE, "o1");
        mongo.getCollection("ledger").updateOne(Filters.eq("_id", "crashed-after"),
                Updates.combine(Updates.set("state", "PENDING"), Updates.unset("balanceAfter"),
                        Updates.set("createdAt", longAgo)));
        // Lin's died after writing its entry, before moving the wallet
        mongo.getCollection("ledger").insertOne(new Document("_id", "crashed-before").append("userId", lin.id())
                .append("currency", "COINS").append("amount", -40L).append("reason", "PURCHASE")
                .append("reference", "o2").append("state", "PENDING").append("createdAt", longAgo));

        wallets.repair();

        // listed by when it began, before the top-up
        var meis = http.send("GET", "/api/v1/wallet/transactions", mei.token(), null).json().path("items");
        assertThat(meis).hasSize(2);
        assertThat(meis.get(1).path("id").asString()).isEqualTo("crashed-after");
        assertThat(meis.get(1).path("balanceAfter").asLong()).isEqualTo(60);
        assertThat(http.send("GET", "/api/v1/wallet/transactions", lin.token(), null).json().path("items"))
                .hasSize(1);
        assertThat(mongo.getCollection("ledger").find(Filters.eq("_id", "crashed-before")).first()).isNull();
        assertThat(wallet(lin).path("coins").asLong()).isEqualTo(100);
        // a retry of Mei's entry changes nothing
        assertThat(wallets.move(mei.id(), "crashed-after", Wallets.Currency.COINS, -40, Wallets.Reason.PURCHASE,
                "o1").coins()).isEqualTo(60);
        assertThat(wallet(mei).path("coins").asLong()).isEqualTo(60);
    }
}
