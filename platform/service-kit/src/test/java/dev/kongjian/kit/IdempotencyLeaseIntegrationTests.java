package dev.kongjian.kit;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.kongjian.kit.idempotency.RunningRequests;
import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.TestInfrastructure;

/** How long a running request holds its Idempotency-Key, with a one-second lease. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kongjian.idempotency.lease-for=1s")
@Import({ TestInfrastructure.class, TestTokens.class })
class IdempotencyLeaseIntegrationTests {

    private static final String BODY = "{\"text\":\"hi\"}";

    @LocalServerPort
    int port;

    @Autowired
    RunningRequests running;

    @Autowired
    StringRedisTemplate redis;

    HttpTestClient http;
    String user;
    String firstClaim;
    String token;
    String key;
    CountDownLatch firstGate;
    CompletableFuture<HttpTestClient.Answer> first;

    @BeforeEach
    void startAFirstRequestThatRunsUntilReleased() {
        http = new HttpTestClient("http://localhost:" + port);
        user = "user-" + UUID.randomUUID();
        token = TestTokens.token(user);
        key = UUID.randomUUID().toString();
        firstGate = new CountDownLatch(1);
        KitTestApplication.slowGate = firstGate;
        first = CompletableFuture.supplyAsync(
                () -> http.send("POST", "/api/v1/slow", token, BODY, "Idempotency-Key", key));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.hasKey(redisKey()));
        firstClaim = redis.opsForValue().get(redisKey());
        assertProblem(retry(), 409);
    }

    @AfterEach
    void releaseTheFirstRequest() {
        firstGate.countDown();
        KitTestApplication.slowGate = new CountDownLatch(0);
    }

    @Test
    void aRequestKeepsItsKeyForAsLongAsItRuns() throws Exception {
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertProblem(retry(), 409));

        firstGate.countDown();
        assertThat(first.get().status()).isEqualTo(200);
        assertThat(retry().header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    @DirtiesContext
    void aDeadInstanceLetsGoOfItsKeysWithinALease() {
        running.close(); // renews nothing from now on, as when its JVM is gone
        KitTestApplication.slowGate = new CountDownLatch(0);

        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(retry().status()).isEqualTo(200));
    }

    @Test
    void aRequestOvertakenAfterItsLeaseRanOutLeavesTheKeyToTheAttemptThatHoldsItNow() throws Exception {
        // what a retry on another instance writes once this one's lease ran out unrenewed (a long pause)
        String othersClaim = firstClaim.replaceFirst("\"attempt\":\"[^\"]+\"", "\"attempt\":\"another\"");
        assertThat(othersClaim).isNotEqualTo(firstClaim);
        redis.opsForValue().set(redisKey(), othersClaim, Duration.ofMinutes(1));

        firstGate.countDown();
        assertThat(first.get().status()).isEqualTo(200);

        assertThat(redis.opsForValue().get(redisKey())).isEqualTo(othersClaim);
        assertProblem(retry(), 409);
    }

    private String redisKey() {
        return "idem:kit-test:" + user + ":" + key;
    }

    private HttpTestClient.Answer retry() {
        return http.send("POST", "/api/v1/slow", token, BODY, "Idempotency-Key", key);
    }
}
