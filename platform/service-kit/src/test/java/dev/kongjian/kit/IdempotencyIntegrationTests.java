package dev.kongjian.kit;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.TestInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ TestInfrastructure.class, TestTokens.class })
class IdempotencyIntegrationTests {

    @LocalServerPort
    int port;

    HttpTestClient http;
    String token;
    String key;

    @BeforeEach
    void setUp() {
        http = new HttpTestClient("http://localhost:" + port);
        token = TestTokens.token("user-" + UUID.randomUUID());
        key = UUID.randomUUID().toString();
    }

    @Test
    void sameKeyReplaysTheFirstAnswerWithoutRepeatingTheEffect() {
        int before = KitTestApplication.EFFECTS.get();
        var first = http.send("POST", "/api/v1/notes", token, "{\"text\":\"hi\"}", "Idempotency-Key", key);
        var second = http.send("POST", "/api/v1/notes", token, "{\"text\":\"hi\"}", "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(KitTestApplication.EFFECTS.get() - before).isEqualTo(1);
    }

    @Test
    void keysBelongToTheirUser() {
        var mine = http.send("POST", "/api/v1/notes", token, "{\"text\":\"hi\"}", "Idempotency-Key", key);
        var theirs = http.send("POST", "/api/v1/notes", TestTokens.token("someone-else-" + key), "{\"text\":\"hi\"}",
                "Idempotency-Key", key);

        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.json().path("id").asString()).isNotEqualTo(mine.json().path("id").asString());
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        http.send("POST", "/api/v1/notes", token, "{\"text\":\"hi\"}", "Idempotency-Key", key);

        assertProblem(http.send("POST", "/api/v1/notes", token, "{\"text\":\"bye\"}", "Idempotency-Key", key), 422);
    }

    @Test
    void secondRequestWhileTheFirstRunsIs409() throws Exception {
        KitTestApplication.slowGate = new CountDownLatch(1);
        try {
            var first = CompletableFuture.supplyAsync(
                    () -> http.send("POST", "/api/v1/slow", token, "{\"text\":\"hi\"}", "Idempotency-Key", key));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertProblem(
                    http.send("POST", "/api/v1/slow", token, "{\"text\":\"hi\"}", "Idempotency-Key", key), 409));
            KitTestApplication.slowGate.countDown();
            assertThat(first.get().status()).isEqualTo(200);
        } finally {
            KitTestApplication.slowGate.countDown();
        }
    }

    @Test
    void serverFailuresAreNotKeptSoTheRetryRunsAgain() {
        KitTestApplication.FAIL_NEXT.set(true);
        assertProblem(http.send("POST", "/api/v1/flaky", token, "{\"text\":\"hi\"}", "Idempotency-Key", key), 500);

        var retry = http.send("POST", "/api/v1/flaky", token, "{\"text\":\"hi\"}", "Idempotency-Key", key);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void clientErrorsAreAnswersAndAreReplayed() {
        var invalid = http.send("POST", "/api/v1/notes", token, "{\"text\":\"much too long for it\"}",
                "Idempotency-Key", key);
        assertThat(invalid.status()).isEqualTo(400);
        // a 4xx is an answer too and is replayed; a fresh key works normally
        var replay = http.send("POST", "/api/v1/notes", token, "{\"text\":\"much too long for it\"}",
                "Idempotency-Key", key);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void malformedKeyIs400() {
        assertProblem(http.send("POST", "/api/v1/notes", token, "{\"text\":\"hi\"}", "Idempotency-Key",
                "k".repeat(65)), 400);
    }
}
