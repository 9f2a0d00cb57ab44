package dev.kongjian.kit;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Import;

import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.TestInfrastructure;

/** A running service under more requests than it works on: a bounded queue, then 503 at once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kongjian.http.max-concurrent-requests=2", "kongjian.http.max-queued-requests=2",
        "kongjian.http.max-queue-wait=30s" })
@Import({ TestInfrastructure.class, TestTokens.class })
class OverloadIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ServletWebServerApplicationContext context;

    final CountDownLatch gate = new CountDownLatch(1);
    final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void release() {
        gate.countDown();
        KitTestApplication.slowGate = new CountDownLatch(0);
        clients.shutdownNow();
    }

    @Test
    void beyondTheWorkingAndTheWaitingRequestsTheNextIsRefusedAtOnceAndNoneIsLost() throws Exception {
        KitTestApplication.slowGate = gate;
        HttpTestClient http = new HttpTestClient("http://localhost:" + port);
        String token = TestTokens.token("overloaded");
        List<CompletableFuture<HttpTestClient.Answer>> admitted = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> http.send("POST", "/api/v1/slow", token, "{\"text\":\"" + i + "\"}"), clients))
                .toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge(http, "kongjian_http_requests_in_progress") == 2
                && gauge(http, "kongjian_http_requests_waiting") == 2);

        long started = System.nanoTime();
        HttpTestClient.Answer refused = http.send("POST", "/api/v1/slow", token, "{\"text\":\"one too many\"}");

        assertProblem(refused, 503);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused without waiting for a turn")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(http.send("GET", "/actuator/health/liveness", null, null).status()).isEqualTo(200);
        gate.countDown();
        for (CompletableFuture<HttpTestClient.Answer> answer : admitted) {
            assertThat(answer.get().status()).isEqualTo(200);
        }
    }

    @Test
    void anInstanceHoldsAtMost256ConnectionsOpen() {
        TomcatWebServer tomcat = (TomcatWebServer) context.getWebServer();

        assertThat(tomcat.getTomcat().getConnector().getProperty("maxConnections")).isEqualTo(256);
    }

    private static double gauge(HttpTestClient http, String name) {
        return http.send("GET", "/actuator/prometheus", null, null).body().lines()
                .filter(line -> line.startsWith(name + "{")).mapToDouble(line -> Double
                        .parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }
}
