package dev.kongjian.system;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.kongjian.system.People.User;
import tools.jackson.databind.JsonNode;

/** mall-service through the gateway of the running stack: coins, a purchase, a gift, and what user-service makes of them. */
class MallJourneySystemTests extends Journey {

    @Test
    void coinsBuyAFrameThatShowsOnTheProfileAndAGiftReachesAFriend() {
        User mei = People.signUp(gateway, "Mei");
        User lin = People.signUp(gateway, "Lin");
        JsonNode frame = starterItem(mei, "AVATAR_FRAME");
        JsonNode rose = starterItem(mei, "GIFT");

        var toppedUp = gateway.send("POST", "/api/v1/wallet/top-ups", mei.token(), "{\"amountCoins\":1000}",
                "Idempotency-Key", "top-up-" + mei.id());
        assertThat(toppedUp.status()).as(toppedUp.body()).isEqualTo(201);
        var bought = gateway.send("POST", "/api/v1/mall/orders", mei.token(),
                "{\"itemId\":\"%s\",\"quantity\":1,\"payWith\":\"COINS\"}".formatted(frame.path("id").asString()),
                "Idempotency-Key", "frame-" + mei.id());
        assertThat(bought.status()).as(bought.body()).isEqualTo(201);
        assertThat(bought.json().path("status").asString()).isEqualTo("COMPLETED");
        var gift = gateway.send("POST", "/api/v1/mall/orders", mei.token(),
                "{\"itemId\":\"%s\",\"quantity\":1,\"payWith\":\"COINS\",\"giftToUserId\":\"%s\"}"
                        .formatted(rose.path("id").asString(), lin.id()));
        assertThat(gift.status()).as(gift.body()).isEqualTo(201);

        long spent = frame.path("priceCoins").asLong() + rose.path("priceCoins").asLong();
        assertThat(gateway.send("GET", "/api/v1/wallet", mei.token(), null).json().path("coins").asLong())
                .isEqualTo(1000 - spent);
        assertThat(gateway.send("GET", "/api/v1/wallet/transactions", mei.token(), null).json().path("items"))
                .hasSize(3);
        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> gateway
                .send("GET", "/api/v1/users/me/decorations", mei.token(), null).body()
                .contains(frame.path("id").asString()));
        var active = gateway.send("PUT", "/api/v1/users/me/decorations/active", mei.token(),
                "{\"itemIds\":[\"%s\"]}".formatted(frame.path("id").asString()));
        assertThat(active.status()).as(active.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> gateway
                .send("GET", "/api/v1/users/me/decorations", lin.token(), null).body()
                .contains(rose.path("id").asString()));

        var tooDear = gateway.send("POST", "/api/v1/mall/orders", lin.token(),
                "{\"itemId\":\"%s\",\"quantity\":1,\"payWith\":\"COINS\"}".formatted(frame.path("id").asString()));
        assertProblem(tooDear, 409);
        assertThat(gateway.send("GET", "/api/v1/mall/orders", lin.token(), null).json().path("items").get(0)
                .path("failureReason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
    }

    @Test
    void aDailyCheckInAndAPostEarnPoints() {
        User mei = People.signUp(gateway, "Mei");

        var checkIn = gateway.send("POST", "/api/v1/loyalty/check-in", mei.token(), null);
        assertThat(checkIn.status()).as(checkIn.body()).isEqualTo(200);
        long awarded = checkIn.json().path("awarded").asLong();
        assertThat(awarded).isPositive();
        assertProblem(gateway.send("POST", "/api/v1/loyalty/check-in", mei.token(), null), 409);
        var posted = gateway.send("POST", "/api/v1/posts", mei.token(), "{\"text\":\"hello\",\"visibility\":\"PUBLIC\"}");
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> gateway
                .send("GET", "/api/v1/loyalty", mei.token(), null).json().path("points").asLong() > awarded);
        JsonNode loyalty = gateway.send("GET", "/api/v1/loyalty", mei.token(), null).json();
        assertThat(loyalty.path("streakDays").asInt()).isEqualTo(1);
        assertThat(loyalty.path("todayEarned").asLong()).isEqualTo(loyalty.path("points").asLong());
        assertThat(loyalty.path("level").asInt()).isPositive();
    }

    private static JsonNode starterItem(User viewer, String category) {
        var page = gateway.send("GET", "/api/v1/mall/items?category=" + category, viewer.token(), null);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        JsonNode cheapest = null;
        for (JsonNode item : page.json().path("items")) {
            if (item.path("stock").isNull() && (cheapest == null
                    || item.path("priceCoins").asLong() < cheapest.path("priceCoins").asLong())) {
                cheapest = item;
            }
        }
        assertThat(cheapest).as(page.body()).isNotNull();
        return cheapest;
    }
}
