package dev.kongjian.user;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kongjian.events.FeedEvent;
import dev.kongjian.events.MallEvent;
import dev.kongjian.events.Topics;

class VisitorsAndDecorationsIntegrationTests extends UserServiceTestSupport {

    @Test
    void visitsAreListedForTheOwnerOnlyOncePerVisitorAndDay() throws Exception {
        User owner = newUser("Owner");
        User visitor = newUser("Visitor");
        Instant morning = Instant.parse("2026-11-28T08:00:00Z");
        var visit = new FeedEvent.SpaceVisited(UUID.randomUUID().toString(), owner.id(), visitor.id(), morning, 1);

        publish(Topics.FEED_EVENTS, visit);
        publish(Topics.FEED_EVENTS, visit);
        publish(Topics.FEED_EVENTS, new FeedEvent.SpaceVisited(UUID.randomUUID().toString(), owner.id(),
                visitor.id(), morning.plusSeconds(3600), 1));
        publish(Topics.FEED_EVENTS, new FeedEvent.SpaceVisited(UUID.randomUUID().toString(), owner.id(),
                owner.id(), morning, 1));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var visits = http.send("GET", "/api/v1/users/" + owner.id() + "/visitors", owner.token(), null).json()
                    .path("items");
            assertThat(visits).hasSize(1);
            assertThat(visits.get(0).path("userId").asString()).isEqualTo(visitor.id());
            assertThat(visits.get(0).path("displayName").asString()).isEqualTo("Visitor");
            assertThat(visits.get(0).path("visitedAt").asString()).isEqualTo("2026-11-28T09:00:00Z");
        });
        assertProblem(http.send("GET", "/api/v1/users/" + owner.id() + "/visitors", visitor.token(), null), 403);
    }

    @Test
    void grantedItemsCanBeShownAndAppearOnTheProfile() throws Exception {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        var frame = new MallEvent.ItemGranted(UUID.randomUUID().toString(), mei.id(), "order-1", "frame-gold",
                MallEvent.Category.AVATAR_FRAME, 1, Instant.now().plusSeconds(86_400), null, Instant.now(), 1);
        var expired = new MallEvent.ItemGranted(UUID.randomUUID().toString(), mei.id(), "order-2", "theme-old",
                MallEvent.Category.SPACE_THEME, 1, Instant.now().minusSeconds(60), null, Instant.now(), 1);

        publish(Topics.MALL_EVENTS, frame);
        publish(Topics.MALL_EVENTS, frame);
        publish(Topics.MALL_EVENTS, expired);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                http.send("GET", "/api/v1/users/me/decorations", mei.token(), null).json().path("items")).hasSize(1));
        assertProblem(http.send("PUT", "/api/v1/users/me/decorations/active", mei.token(),
                "{\"itemIds\":[\"theme-old\"]}"), 400);
        assertProblem(http.send("PUT", "/api/v1/users/me/decorations/active", mei.token(),
                "{\"itemIds\":[\"not-mine\"]}"), 400);
        var chosen = http.send("PUT", "/api/v1/users/me/decorations/active", mei.token(),
                "{\"itemIds\":[\"frame-gold\"]}");
        assertThat(chosen.status()).isEqualTo(200);
        assertThat(chosen.json().path("activeItemIds").toString()).isEqualTo("[\"frame-gold\"]");
        assertThat(http.send("GET", "/api/v1/users/" + mei.id(), lin.token(), null).json().path("decorations")
                .toString()).isEqualTo("[\"frame-gold\"]");
    }

    @Test
    void vipComesAndGoesWithTheMallsEvents() throws Exception {
        User mei = newUser("Mei");
        User lin = newUser("Lin");

        publish(Topics.MALL_EVENTS, new MallEvent.VipGranted(UUID.randomUUID().toString(), mei.id(), "order-3",
                Instant.now().plusSeconds(30 * 86_400), Instant.now(), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.send("GET", "/api/v1/users/" + mei.id(), lin.token(),
                null).json().path("vip").asBoolean());

        publish(Topics.MALL_EVENTS, new MallEvent.VipExpired(UUID.randomUUID().toString(), mei.id(),
                Instant.now().plusSeconds(31 * 86_400), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> !http.send("GET", "/api/v1/users/me", mei.token(), null)
                .json().path("vip").asBoolean());
    }
}
