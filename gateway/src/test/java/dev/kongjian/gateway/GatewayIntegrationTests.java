package dev.kongjian.gateway;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;

import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.ObservedNames;
import dev.kongjian.testing.SharedInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1500ms",
        "kongjian.gateway.rate-limit.authenticated.replenish-rate=5",
        "kongjian.gateway.rate-limit.authenticated.burst-capacity=20" })
class GatewayIntegrationTests {

    static final RSAKey KEY = key();
    static final RSAKey STRANGER_KEY = key();
    static final List<StubService> STUBS = new ArrayList<>();
    static final Map<String, StubService> SERVICES = Map.of(
            "user-service", stub(new StubService("user-service", new JWKSet(KEY.toPublicJWK()).toString())),
            "feed-service", stub(new StubService("feed-service", null)),
            "messaging-service", stub(new StubService("messaging-service", null)),
            "media-service", stub(new StubService("media-service", null)));

    @TestConfiguration
    static class Observations {

        @Bean
        ObservedNames observedNames() {
            return new ObservedNames();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ObservedNames observed;

    @Autowired
    ReactiveStringRedisTemplate redis;

    HttpTestClient http;
    String token;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        SERVICES.forEach((name, stub) -> registry.add("spring.cloud.discovery.client.simple.instances." + name
                + "[0].uri", () -> "http://127.0.0.1:" + stub.port()));
        // mall-service is registered but not running
        registry.add("spring.cloud.discovery.client.simple.instances.mall-service[0].uri",
                () -> "http://127.0.0.1:" + closedPort());
        // messaging-service has a second instance registered that is not running (it crashed)
        registry.add("spring.cloud.discovery.client.simple.instances.messaging-service[1].uri",
                () -> "http://127.0.0.1:" + closedPort());
        registry.add("spring.data.redis.url", SharedInfrastructure::redisUrl);
    }

    @AfterAll
    static void stopStubs() {
        STUBS.forEach(StubService::close);
    }

    @BeforeEach
    void setUp() {
        http = new HttpTestClient("http://localhost:" + port);
        token = token(KEY, "user-" + UUID.randomUUID(), "kongjian", "kongjian-api", Instant.now().plusSeconds(600));
    }

    @Test
    void everyRouteReachesItsService() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("/api/v1/users/me", "user-service"),
                Map.entry("/api/v1/users?query=mei", "user-service"),
                Map.entry("/api/v1/users/u1", "user-service"),
                Map.entry("/api/v1/users/u1/visitors", "user-service"),
                Map.entry("/api/v1/friends", "user-service"),
                Map.entry("/api/v1/friends/requests?direction=incoming", "user-service"),
                Map.entry("/api/v1/blocks/u2", "user-service"),
                Map.entry("/api/v1/users/u1/posts", "feed-service"),
                Map.entry("/api/v1/posts/p1", "feed-service"),
                Map.entry("/api/v1/posts", "feed-service"),
                Map.entry("/api/v1/feed/home", "feed-service"),
                Map.entry("/api/v1/feed/trending", "feed-service"),
                Map.entry("/api/v1/conversations", "messaging-service"),
                Map.entry("/api/v1/conversations/c1/messages?afterSeq=3", "messaging-service"),
                Map.entry("/api/v1/notifications", "messaging-service"),
                Map.entry("/api/v1/users/u1/albums", "media-service"),
                Map.entry("/api/v1/media/m1/content", "media-service"),
                Map.entry("/api/v1/albums/a1/items", "media-service"));
        expected.forEach((path, service) -> {
            var answer = http.send("GET", path, token, null);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.json().path("service").asString()).as(path).isEqualTo(service);
            assertThat(answer.json().path("headers").path("authorization").asString()).startsWith("Bearer ");
        });
    }

    @Test
    void mediaUploadsAreStreamedNotHeldForAFallback(
            @Autowired org.springframework.cloud.gateway.route.RouteDefinitionLocator routes) {
        // a CircuitBreaker with a fallbackUri makes the gateway keep the whole request body in memory
        var media = routes.getRouteDefinitions().filter(route -> route.getId().equals("media-service")).blockFirst();
        assertThat(media).isNotNull();
        assertThat(media.getFilters()).filteredOn(filter -> filter.getName().equals("CircuitBreaker")).singleElement()
                .satisfies(breaker -> assertThat(breaker.getArgs()).doesNotContainKey("fallbackUri"));
    }

    @Test
    void noRouteIsGrpcSoItsHeaderFiltersAreLeftOut(@Autowired List<HttpHeadersFilter> headerFilters) {
        assertThat(headerFilters).isNotEmpty()
                .noneMatch(filter -> filter.getClass().getSimpleName().startsWith("GRPC"));
    }

    @Test
    void springSecuritysFiltersRunWithoutACheckpointEach(@Autowired WebFilterChainProxy security) {
        assertThat(ReflectionTestUtils.getField(security, "filterChainDecorator")).isInstanceOf(SecurityFilters.class);
    }

    @Test
    void aProxiedRequestIsObservedWithoutAnObservationPerSecurityFilter() {
        assertThat(http.send("GET", "/api/v1/users/me", token, null).status()).isEqualTo(200);

        assertThat(observed.names()).contains("http.server.requests")
                .noneMatch(name -> name.startsWith("spring.security"));
    }

    @Test
    void eachRouteIsTimedInPrometheusBesideTheGatewaysOwnClients() {
        // a first token makes the gateway fetch user-service's JWKS with its own (instrumented) client
        assertThat(http.send("GET", "/api/v1/posts/p1", token, null).status()).isEqualTo(200);

        String metrics = http.send("GET", "/actuator/prometheus", null, null).body();

        assertThat(metrics).containsPattern("(?m)^http_client_requests_seconds_count\\{.*uri=\".*jwks.json\"")
                .containsPattern("(?m)^kongjian_gateway_requests_seconds_count\\{.*http_status_code=\"200\""
                        + ".*spring_cloud_gateway_route_id=\"feed-service\"")
                // each route's breaker shows its state
                .containsPattern("(?m)^resilience4j_circuitbreaker_state\\{.*name=\"feed-service\".*state=\"closed\"");
    }

    @Test
    void theTraceGoesOnToTheServiceInAW3cHeader() {
        var answer = http.send("GET", "/api/v1/posts/p1", token, null);

        assertThat(answer.json().path("headers").path("traceparent").asString())
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    @Test
    void openPathsNeedNoToken() {
        assertThat(http.send("POST", "/api/v1/auth/login", null, "{}").json().path("service").asString())
                .isEqualTo("user-service");
        assertThat(http.send("GET", "/.well-known/jwks.json", null, null).json().path("keys")).hasSize(1);
        assertThat(http.send("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/actuator/prometheus", null, null).body()).contains("application=\"gateway\"");
    }

    /** The health endpoint is open to anyone; however often it is called, Redis is asked about once a second. */
    @Test
    void aFloodOfHealthChecksReachesRedisOnceASecond() {
        try (RedisClient client = RedisClient.create(SharedInfrastructure.redisUrl());
                var redis = client.connect()) {
            long before = infoCalls(redis.sync());
            long started = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                assertThat(http.send("GET", "/actuator/health", null, null).status()).isEqualTo(200);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1;
            // less the INFO that read the count before
            long fromHealthChecks = infoCalls(redis.sync()) - before - 1;

            assertThat(fromHealthChecks).isBetween(0L, seconds + 1);
        }
    }

    private static long infoCalls(RedisCommands<String, String> redis) {
        Matcher calls = Pattern.compile("cmdstat_info:calls=(\\d+)").matcher(redis.info("commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    @Test
    void missingOrBadTokensAre401BeforeRouting() {
        Instant later = Instant.now().plusSeconds(600);
        assertProblem(http.send("GET", "/api/v1/feed/home", null, null), 401);
        assertProblem(http.send("GET", "/api/v1/feed/home", "not-a-jwt", null), 401);
        assertProblem(http.send("GET", "/api/v1/feed/home", token(STRANGER_KEY, "u", "kongjian", "kongjian-api",
                later), null), 401);
        assertProblem(http.send("GET", "/api/v1/feed/home", token(KEY, "u", "kongjian", "kongjian-api",
                Instant.now().minusSeconds(60)), null), 401);
        assertProblem(http.send("GET", "/api/v1/feed/home", token(KEY, "u", "evil", "kongjian-api", later), null), 401);
        assertProblem(http.send("GET", "/api/v1/feed/home", token(KEY, "u", "kongjian", "other", later), null), 401);
        assertProblem(http.send("GET", "/api/v1/feed/home", unsigned(), null), 401);
    }

    @Test
    void internalHeadersFromClientsAreRemoved() {
        var answer = http.send("GET", "/api/v1/posts/p1", token, null, "X-Internal-User", "admin",
                "X-Kongjian-Role", "ADMIN", "X-User-Id", "someone", "X-Trace-Me", "kept");

        var headers = answer.json().path("headers");
        assertThat(headers.has("x-internal-user")).isFalse();
        assertThat(headers.has("x-kongjian-role")).isFalse();
        assertThat(headers.has("x-user-id")).isFalse();
        assertThat(headers.path("x-trace-me").asString()).isEqualTo("kept");
    }

    @Test
    void servicesLearnTheClientsRealAddressNotOneItClaims() {
        var answer = http.send("POST", "/api/v1/auth/login", null, "{}", "X-Forwarded-For", "203.0.113.9",
                "Forwarded", "for=203.0.113.9", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https");

        var headers = answer.json().path("headers");
        assertThat(headers.path("x-forwarded-for").asString()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(headers.has("forwarded")).isFalse();
        // X-Forwarded-For is the one forwarding header the services read, so the only one written
        assertThat(headers.propertyNames()).filteredOn(name -> name.startsWith("x-forwarded-"))
                .containsExactly("x-forwarded-for");
    }

    @Test
    void unknownRoutesAre404ProblemsAndServiceActuatorsAreNotReachable() {
        assertProblem(http.send("GET", "/api/v1/nothing", token, null), 404);
        assertProblem(http.send("GET", "/api/v2/posts", token, null), 404);
        assertProblem(http.send("GET", "/actuator/env", token, null), 404);
        assertProblem(http.send("GET", "/", token, null), 404);
    }

    @Test
    void theSwaggerUiShowsEveryServicesDocumentFetchedWithoutAToken() {
        var config = http.send("GET", "/v3/api-docs/swagger-config", null, null);
        assertThat(config.status()).isEqualTo(200);
        List<String> urls = new ArrayList<>();
        config.json().path("urls").forEach(url -> urls.add(url.path("url").asString()));
        assertThat(urls).containsExactlyInAnyOrder("/v3/api-docs/user-service", "/v3/api-docs/feed-service",
                "/v3/api-docs/messaging-service", "/v3/api-docs/media-service", "/v3/api-docs/mall-service");

        var feedDocument = http.send("GET", "/v3/api-docs/feed-service", null, null);
        assertThat(feedDocument.status()).isEqualTo(200);
        assertThat(feedDocument.json().path("service").asString()).isEqualTo("feed-service");
        assertThat(feedDocument.json().path("path").asString()).isEqualTo("/v3/api-docs");

        var page = http.send("GET", "/swagger-ui/index.html", null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        // only the documents are open: no other path of a service is reached through the same prefix
        assertProblem(http.send("GET", "/v3/api-docs/feed-service/../../actuator/env", null, null), 400);
        assertProblem(http.send("GET", "/v3/api-docs/unknown-service", null, null), 404);
    }

    @Test
    void pathsAndMethodsTheFirewallRefusesAre400Problems() {
        for (String path : List.of("/api/v1/posts/../../actuator/env", "/api/v1//posts", "/api/v1/posts;x=1",
                "/api/v1/posts/%2F..", "/api/v1/feed/home%0A")) {
            assertProblem(http.send("GET", path, token, null), 400);
        }
        assertProblem(http.send("TRACE", "/api/v1/feed/home", token, null), 400);
    }

    @Test
    void requestsTooLargeToReadAreProblemsToo() {
        assertProblem(http.send("GET", "/api/v1/posts/" + "a".repeat(5_000), token, null), 414);
        assertProblem(http.send("GET", "/api/v1/feed/home", token, null, "X-Large", "b".repeat(10_000)), 431);
    }

    @Test
    void aRequestThatIsNotHttpGetsAProblem() throws Exception {
        try (var connection = new RawHttpConnection(port, java.time.Duration.ofSeconds(5))) {
            connection.write("GET /api/v1/feed/home HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n\r\n");
            assertThat(connection.readHead()).startsWith("HTTP/1.1 400").contains("application/problem+json");
        }
    }

    /**
     * A request that arrives while the one before it is still being answered waits in Reactor
     * Netty's queue; when it is then answered at once (here a 404), the connection must still read
     * the request after it (see {@link KeepAliveReads}).
     */
    @Test
    void aConnectionKeepsAnsweringAfterAQueuedRequestIsAnsweredAtOnce() throws Exception {
        try (var connection = new RawHttpConnection(port, java.time.Duration.ofSeconds(5))) {
            for (int round = 0; round < 3; round++) {
                connection.write(RawHttpConnection.get("/api/v1/feed/home", token),
                        RawHttpConnection.get("/api/v1/nothing", token));
                assertThat(connection.readStatus()).isEqualTo(200);
                assertThat(connection.readStatus()).isEqualTo(404);

                connection.write(RawHttpConnection.get("/actuator/health/liveness", null));
                assertThat(connection.readStatus()).as("the request after, in round %d", round).isEqualTo(200);
            }
        }
    }

    @Test
    void anInstanceThatRefusesIsLeftOutAndTheReadsItRefusedAreAnsweredByAnother() {
        for (int i = 0; i < 10; i++) {
            var answer = http.send("GET", "/api/v1/notifications", token, null);

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().path("service").asString()).isEqualTo("messaging-service");
        }
        // a write is never sent twice, but by now the instance that refused is left out
        for (int i = 0; i < 6; i++) {
            assertThat(http.send("POST", "/api/v1/notifications/read", token, "{\"upToId\":\"n1\"}").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aStoppedServiceAnswers503Quickly() {
        long start = System.nanoTime();
        var answer = http.send("GET", "/api/v1/wallet", token, null);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertProblem(answer, 503);
        assertThat(answer.header("Retry-After")).isNotBlank();
        assertThat(millis).isLessThan(1_000);
    }

    @Test
    void aBurstOfConcurrentRequestsIsServedNotShed() {
        var requests = new ArrayList<java.util.concurrent.CompletableFuture<HttpTestClient.Answer>>();
        try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 60; i++) {
                String user = token(KEY, "burst-" + i, "kongjian", "kongjian-api", Instant.now().plusSeconds(600));
                requests.add(java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> http.send("GET", "/api/v1/posts/busy", user, null), clients));
            }
        }

        assertThat(requests.stream().map(java.util.concurrent.CompletableFuture::join).map(HttpTestClient.Answer::status))
                .containsOnly(200);
    }

    @Test
    void afterABurstTheGatewayGoesBackToTheFewConnectionsItNeedsSoTheRestCanBeClosed() throws Exception {
        aBurstOfConcurrentRequestsIsServedNotShed();

        // one app connection, so one event loop of the gateway and its pool
        Set<Integer> connections = new HashSet<>();
        try (var app = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 10; i++) {
                var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/posts/" + i))
                        .header("Authorization", "Bearer " + token).build();
                var answer = app.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                connections.add(tools.jackson.databind.json.JsonMapper.builder().build().readTree(answer.body())
                        .get("connection").asInt());
            }
        }

        // taken in turn (first in, first out), each of the burst's connections stays in use and never idles out
        assertThat(connections).as("connections used one request after another").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aSlowServiceAnswers503AfterTheTimeout() {
        long start = System.nanoTime();
        var answer = http.send("GET", "/api/v1/conversations/slow", token, null);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertProblem(answer, 503);
        assertThat(millis).isBetween(1_000L, 2_900L);
    }

    @Test
    void tooManyRequestsFromOneUserAre429WithRetryAfter() {
        List<HttpTestClient.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(http.send("GET", "/api/v1/feed/home", token, null));
        }

        var limited = answers.stream().filter(answer -> answer.status() == 429).findFirst();
        assertThat(limited).isPresent();
        assertProblem(limited.get(), 429);
        assertThat(Long.parseLong(limited.get().header("Retry-After"))).isPositive();
        assertThat(answers.getFirst().status()).isEqualTo(200);
        // another user has a bucket of their own
        String other = token(KEY, "user-" + UUID.randomUUID(), "kongjian", "kongjian-api",
                Instant.now().plusSeconds(600));
        assertThat(http.send("GET", "/api/v1/feed/home", other, null).status()).isEqualTo(200);
    }

    @Test
    void theSharedBucketsInRedisTakeManyKeysAtOnceAndNeverGoBelowEmpty() {
        var shared = new RedisSharedBuckets(redis);
        var bucket = new GatewayProperties.Bucket(1, 20);
        String alice = "user:alice-" + UUID.randomUUID();
        String bob = "user:bob-" + UUID.randomUUID();

        var first = shared.take(List.of(new TokenBuckets.Taken(alice, bucket, 5), new TokenBuckets.Taken(bob, bucket, 1)))
                .block();
        var second = shared.take(List.of(new TokenBuckets.Taken(alice, bucket, 30))).block();

        assertThat(first).containsExactly(15L, 19L);
        assertThat(second).containsExactly(0L);
        assertThat(redis.getExpire(RedisSharedBuckets.KEY_PREFIX + alice).block()).isPositive();
    }

    @Test
    void whatARequestTookReachesTheSharedBucketWithinASyncInterval() {
        String subject = "user-" + UUID.randomUUID();
        String own = token(KEY, subject, "kongjian", "kongjian-api", Instant.now().plusSeconds(600));
        String key = RedisSharedBuckets.KEY_PREFIX + "user:" + subject;

        assertThat(http.send("GET", "/api/v1/feed/home", own, null).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> Boolean.TRUE.equals(redis.hasKey(key).block()));
        assertThat(redis.opsForHash().get(key, "tokens").block()).isEqualTo("19");
    }

    @Test
    void whatOneGatewayInstanceLetsThroughCountsAtTheOthers() {
        var bucket = new GatewayProperties.Bucket(1, 20);
        var one = new TokenBuckets(new RedisSharedBuckets(redis), Duration.ofMillis(100), System::nanoTime);
        var other = new TokenBuckets(new RedisSharedBuckets(redis), Duration.ofMillis(100), System::nanoTime);
        String key = "user:shared-" + UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            assertThat(one.tryTake(key, bucket)).isTrue();
        }
        one.sync().block();

        other.tryTake(key, bucket);
        other.sync().block();

        // without sharing the other instance would let 19 more through; a token refills each second
        long through = java.util.stream.IntStream.range(0, 19).filter(i -> other.tryTake(key, bucket)).count();
        assertThat(through).isLessThanOrEqualTo(2);
    }

    static String token(RSAKey key, String subject, String issuer, String audience, Instant expiresAt) {
        try {
            var claims = new JWTClaimsSet.Builder().subject(subject).issuer(issuer).audience(audience)
                    .issueTime(new Date()).expirationTime(Date.from(expiresAt)).claim("roles", List.of("USER")).build();
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token with {@code alg: none}: it must never be accepted. */
    static String unsigned() {
        var encoder = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(("{\"sub\":\"u\",\"iss\":\"kongjian\",\"aud\":\"kongjian-api\",\"exp\":"
                + (Instant.now().getEpochSecond() + 600) + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private static StubService stub(StubService stub) {
        STUBS.add(stub);
        return stub;
    }

    private static int closedPort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
