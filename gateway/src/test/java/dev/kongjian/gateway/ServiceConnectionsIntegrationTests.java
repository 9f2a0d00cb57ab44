package dev.kongjian.gateway;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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
import reactor.netty.resources.ConnectionProvider;

/**
 * The gateway's connections to a service instance are bounded by its pool (4 here, 200 as shipped,
 * below the 256 a service accepts), shared out between its event loops ({@link EventLoopPools}): a
 * burst waits for a free connection instead of opening connections the service would never read, a
 * request that gets none in time is a quick 503 that does not count against the service's circuit
 * breaker. WebSocket sessions, which last as long as an app is online, are not held to that bound:
 * ten at once pass through a pool of four. Past its own limit of requests held at once (16 here),
 * the gateway answers 503 before it reads a token.
 *
 * <p>Each burst comes on connections of its own, as many as requests: the gateway deals new
 * connections out to its event loops in turn, so a burst of 16 reaches every loop's pool whatever
 * the number of loops (four on a 2-core machine).
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

    @Autowired
    HttpClient forwardingClient;

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
    void theGatewayForwardsThroughOnePoolPerEventLoopWithinTheConfiguredLimit() {
        assertThat(forwardingClient.configuration().connectionProvider()).isInstanceOf(EventLoopPools.class)
                .extracting(ConnectionProvider::maxConnections).isEqualTo(4);
    }

    @Test
    void aBurstWaitsForTheInstancesConnectionsInsteadOfOpeningMore() {
        List<TimedAnswer> answers = burst(16, "/api/v1/auth/login?delayMillis=200");

        assertThat(answers).extracting(TimedAnswer::status).containsOnly(200);
        assertThat(answers.stream().map(answer -> answer.answer().json().get("connection").asInt()).distinct())
                .as("connections the service saw").hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void aRequestThatGetsNoConnectionInTimeIsAQuick503AndDoesNotOpenTheBreaker() {
        long start = System.nanoTime();
        CompletableFuture<List<TimedAnswer>> sent = CompletableFuture
                .supplyAsync(() -> burst(16, "/api/v1/auth/login?delayMillis=4000"));
        await().atMost(Duration.ofSeconds(5)).until(() -> USERS.inProgress() == 4);
        List<TimedAnswer> answers = sent.join();

        List<TimedAnswer> refused = answers.stream().filter(answer -> answer.status() != 200).toList();
        assertThat(answers.size() - refused.size()).as("answered on the instance's four connections").isEqualTo(4);
        assertThat(refused).hasSize(12).allSatisfy(answer -> {
            assertProblem(answer.answer(), 503);
            assertThat(answer.answer().header("Retry-After")).isNotBlank();
            assertThat(answer.millis()).as("a wait for a connection is bounded by the pool's acquire timeout")
                    .isLessThan(3_500);
        });
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(4_000);
        // twelve failures out of sixteen calls would have opened it (50%, at least ten calls)
        assertThat(http.send("POST", "/api/v1/auth/login", null, "{}").status()).isEqualTo(200);
    }

    @Test
    void pastItsLimitOfRequestsHeldAtOnceTheGatewayAnswers503BeforeReadingTheToken() {
        CompletableFuture<List<TimedAnswer>> held = CompletableFuture
                .supplyAsync(() -> burst(16, "/api/v1/auth/login?delayMillis=4000"));
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> http.send("GET", "/actuator/prometheus", null, null).body()
                        .contains("kongjian_http_requests_in_progress{application=\"gateway\"} 16.0"));

        var refused = http.send("GET", "/api/v1/feed/home", null, null);

        assertProblem(refused, 503);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(held.join()).extracting(TimedAnswer::status).contains(200);
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

    record TimedAnswer(HttpTestClient.Answer answer, long millis) {

        int status() {
            return answer.status();
        }
    }

    /** Sends these requests at once, each on a new connection, and times each answer. */
    private List<TimedAnswer> burst(int requests, String path) {
        java.net.http.HttpClient fresh = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        try (fresh; var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<TimedAnswer>> sent = IntStream.range(0, requests)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> send(fresh, path), clients))
                    .toList();
            return sent.stream().map(CompletableFuture::join).toList();
        }
    }

    private TimedAnswer send(java.net.http.HttpClient client, String path) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        long start = System.nanoTime();
        try {
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new TimedAnswer(new HttpTestClient.Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body(), response),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
