package dev.kongjian.gateway;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.SharedInfrastructure;
import dev.kongjian.testing.TestTokens;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway's connections to a service instance are bounded by its pool (4 here, 200 as shipped,
 * below the 256 a service accepts): a burst waits for a free connection instead of opening
 * connections the service would never read, a request that gets none in time is a quick 503 that
 * does not count against the service's circuit breaker. WebSocket sessions, which last as long as an
 * app is online, are not held to that bound: ten at once pass through a pool of four. Past its own
 * limit of requests held at once (16 here), the gateway answers 503 before it reads a token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "spring.cloud.gateway.server.webflux.httpclient.pool.max-connections=4",
        "spring.cloud.gateway.server.webflux.httpclient.pool.acquire-timeout=2000",
        "kongjian.gateway.max-in-flight=16",
        "kongjian.gateway.rate-limit.anonymous.replenish-rate=1000",
        "kongjian.gateway.rate-limit.anonymous.burst-capacity=1000",
        "kongjian.gateway.rate-limit.authenticated.replenish-rate=1000",
        "kongjian.gateway.rate-limit.authenticated.burst-capacity=1000" })
class ServiceConnectionsIntegrationTests {

    static final StubService USERS = new StubService("user-service", TestTokens.jwks());
    static final DisposableServer MESSAGING = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.ws("/ws", (in, out) -> out.sendString(Mono.just("welcome"))
                    .then(in.receive().then())))
            .bindNow();

    @LocalServerPort
    int port;

    HttpTestClient http;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.user-service[0].uri",
                () -> "http://127.0.0.1:" + USERS.port());
        registry.add("spring.cloud.discovery.client.simple.instances.messaging-service[0].uri",
                () -> "http://127.0.0.1:" + MESSAGING.port());
        registry.add("spring.data.redis.url", SharedInfrastructure::redisUrl);
    }

    @AfterAll
    static void stopServices() {
        USERS.close();
        MESSAGING.disposeNow();
    }

    @BeforeEach
    void setUp() {
        http = new HttpTestClient("http://localhost:" + port);
    }

    @Test
    void aBurstWaitsForTheInstancesConnectionsInsteadOfOpeningMore() {
        List<HttpTestClient.Answer> answers = concurrently(8, "/api/v1/auth/login?delayMillis=300");

        assertThat(answers).extracting(HttpTestClient.Answer::status).containsOnly(200);
        assertThat(answers.stream().map(answer -> answer.json().get("connection").asInt()).distinct())
                .as("connections the service saw").hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void aRequestThatGetsNoConnectionInTimeIsAQuick503AndDoesNotOpenTheBreaker() {
        CompletableFuture<List<HttpTestClient.Answer>> slow = CompletableFuture
                .supplyAsync(() -> concurrently(4, "/api/v1/auth/login?delayMillis=4000"));
        await().atMost(Duration.ofSeconds(5)).until(() -> USERS.inProgress() == 4);

        long start = System.nanoTime();
        List<HttpTestClient.Answer> waited = concurrently(12, "/api/v1/auth/login");
        long millis = (System.nanoTime() - start) / 1_000_000;

        waited.forEach(answer -> {
            assertProblem(answer, 503);
            assertThat(answer.header("Retry-After")).isNotBlank();
        });
        assertThat(millis).as("a wait for a connection is bounded by the pool's acquire timeout").isLessThan(3_500);
        assertThat(slow.join()).extracting(HttpTestClient.Answer::status).containsOnly(200);
        // twelve failures out of sixteen calls would have opened it (50%, at least ten calls)
        assertThat(http.send("POST", "/api/v1/auth/login", null, "{}").status()).isEqualTo(200);
    }

    @Test
    void pastItsLimitOfRequestsHeldAtOnceTheGatewayAnswers503BeforeReadingTheToken() {
        CompletableFuture<List<HttpTestClient.Answer>> slow = CompletableFuture
                .supplyAsync(() -> concurrently(4, "/api/v1/auth/login?delayMillis=4000"));
        await().atMost(Duration.ofSeconds(5)).until(() -> USERS.inProgress() == 4);
        CompletableFuture<List<HttpTestClient.Answer>> waiting = CompletableFuture
                .supplyAsync(() -> concurrently(12, "/api/v1/auth/login"));
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.send("GET", "/actuator/prometheus", null, null).body()
                        .contains("kongjian_http_requests_in_progress{application=\"gateway\"} 16.0"));

        var refused = http.send("GET", "/api/v1/feed/home", null, null);

        assertProblem(refused, 503);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(slow.join()).extracting(HttpTestClient.Answer::status).containsOnly(200);
        waiting.join();
        assertThat(http.send("GET", "/api/v1/feed/home", null, null).status()).as("without a token").isEqualTo(401);
    }

    @Test
    void webSocketSessionsAreNotHeldToTheInstancesPoolOfConnections() {
        String token = TestTokens.issue("user-" + java.util.UUID.randomUUID(), "USER");
        var connected = new AtomicInteger();
        var allConnected = new CompletableFuture<Void>();
        int sessions = 10;

        List<String> greetings = Flux.range(0, sessions)
                .flatMap(i -> HttpClient.create().websocket()
                        .uri("ws://localhost:" + port + "/ws?access_token=" + token)
                        .handle((in, out) -> in.receive().asString().next()
                                .doOnNext(greeting -> {
                                    if (connected.incrementAndGet() == sessions) {
                                        allConnected.complete(null);
                                    }
                                })
                                // every session stays open until the service has greeted all of them
                                .flatMap(greeting -> Mono.fromFuture(allConnected).thenReturn(greeting)))
                        .next())
                .collectList()
                .block(Duration.ofSeconds(15));

        assertThat(greetings).hasSize(sessions).containsOnly("welcome");
    }

    private List<HttpTestClient.Answer> concurrently(int requests, String path) {
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<HttpTestClient.Answer>> sent = java.util.stream.IntStream.range(0, requests)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> http.send("POST", path, null, "{}"), clients))
                    .toList();
            return sent.stream().map(CompletableFuture::join).toList();
        }
    }
}
