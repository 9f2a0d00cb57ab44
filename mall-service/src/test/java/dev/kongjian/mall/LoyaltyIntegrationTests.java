package dev.kongjian.mall;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kongjian.events.FeedEvent;
import tools.jackson.databind.JsonNode;

class LoyaltyIntegrationTests extends MallServiceTestSupport {

    @Test
    void aCheckInCountsOncePerDayAndAStreakGrowsUntilADayIsMissed() {
        User mei = newUser();

        var first = http.send("POST", "/api/v1/loyalty/check-in", mei.token(), null);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("awarded").asInt()).isEqualTo(10);
        assertProblem(http.send("POST", "/api/v1/loyalty/check-in", mei.token(), null), 409);

        clock.moveBy(Duration.ofDays(1));
        assertThat(checkIn(mei).path("awarded").asInt()).isEqualTo(12);
        clock.moveBy(Duration.ofDays(1));
        var third = checkIn(mei);
        assertThat(third.path("awarded").asInt()).isEqualTo(14);
        assertThat(third.path("streakDays").asInt()).isEqualTo(3);

        JsonNode status = loyalty(mei);
        assertThat(status.path("points").asLong()).isEqualTo(36);
        assertThat(status.path("streakDays").asInt()).isEqualTo(3);
        assertThat(status.path("todayEarned").asLong()).isEqualTo(14);
        assertThat(status.path("level").asInt()).isEqualTo(1);

        clock.moveBy(Duration.ofDays(2));
        assertThat(loyalty(mei).path("streakDays").asInt()).isZero();
        assertThat(loyalty(mei).path("todayEarned").asLong()).isZero();
        var afterABreak = checkIn(mei);
        assertThat(afterABreak.path("awarded").asInt()).isEqualTo(10);
        assertThat(afterABreak.path("streakDays").asInt()).isEqualTo(1);
        assertThat(wallet(mei).path("points").asLong()).isEqualTo(46);
    }

    @Test
    void twoCheckInsAtOnceCreditOnce() throws Exception {
        User mei = newUser();
        List<Integer> statuses;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var answers = List.of(
                    pool.submit(() -> http.send("POST", "/api/v1/loyalty/check-in", mei.token(), null).status()),
                    pool.submit(() -> http.send("POST", "/api/v1/loyalty/check-in", mei.token(), null).status()),
                    pool.submit(() -> http.send("POST", "/api/v1/loyalty/check-in", mei.token(), null).status()));
            statuses = List.of(answers.get(0).get(), answers.get(1).get(), answers.get(2).get());
        }
        assertThat(statuses).containsOnlyOnce(200);
        assertThat(wallet(mei).path("points").asLong()).isEqualTo(10);
    }

    @Test
    void postingAndReceivingCommentsEarnPointsOnceEachUpToTheDailyCap() {
        User mei = newUser();
        User lin = newUser();
        var post = postCreated(mei);
        publish(post);
        publish(post); // redelivered
        var comment = new FeedEvent.CommentCreated(UUID.randomUUID().toString(), post.postId(), mei.id(),
                UUID.randomUUID().toString(), lin.id(), null, Instant.now(), 1);
        publish(comment);
        publish(new FeedEvent.CommentCreated(UUID.randomUUID().toString(), post.postId(),
                mei.id(), UUID.randomUUID().toString(), mei.id(), null, Instant.now(), 1)); // her own: nothing

        await().atMost(Duration.ofSeconds(30)).until(() -> wallet(mei).path("points").asLong() == 7);

        for (int i = 0; i < 12; i++) {
            publish(postCreated(mei));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> wallet(mei).path("points").asLong() == 50);
        publish(comment);
        var marker = postCreated(lin);
        publish(marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> wallet(lin).path("points").asLong() == 5);
        assertThat(wallet(mei).path("points").asLong()).isEqualTo(50);
        assertThat(loyalty(mei).path("todayEarned").asLong()).isEqualTo(50);
    }

    private FeedEvent.PostCreated postCreated(User author) {
        return new FeedEvent.PostCreated(UUID.randomUUID().toString(), UUID.randomUUID().toString(), author.id(),
                FeedEvent.Visibility.PUBLIC, List.of(), List.of(), null, Instant.now(), 1);
    }

    private JsonNode checkIn(User user) {
        var answer = http.send("POST", "/api/v1/loyalty/check-in", user.token(), null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private JsonNode loyalty(User user) {
        var answer = http.send("GET", "/api/v1/loyalty", user.token(), null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }
}
