package dev.kongjian.system;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;

import dev.kongjian.localstack.LocalStack;
import dev.kongjian.testing.HttpTestClient;
import tools.jackson.databind.JsonNode;

/** The foundation seen from outside: registration, routing, rejections, limits and failure. */
@ExtendWith(StackLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(Integer.MAX_VALUE)
class GatewaySystemTests {

    static LocalStack stack;
    static HttpTestClient gateway;

    @BeforeAll
    static void start() {
        stack = RunningStack.get();
        gateway = new HttpTestClient(stack.gatewayUrl());
    }

    @Test
    @Order(1)
    void everyServiceIsRegisteredWithDiscovery() {
        JsonNode apps = new HttpTestClient(stack.discoveryUrl()).send("GET", "/eureka/apps", null, null,
                "Accept", "application/json").json().path("applications").path("application");
        Set<String> names = new HashSet<>();
        apps.forEach(app -> names.add(app.path("name").asString().toLowerCase()));

        assertThat(names).contains("gateway", "user-service", "feed-service", "messaging-service", "media-service",
                "mall-service");
    }

    @Test
    @Order(2)
    void aNewUserSignsUpSignsInAndReadsTheirProfileThroughTheGateway() {
        String token = newUserToken();

        var me = gateway.send("GET", "/api/v1/users/me", token, null);

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("displayName").asString()).isEqualTo("System Test");
    }

    @Test
    @Order(3)
    void withAValidTokenEveryRouteReachesItsService() {
        String token = newUserToken();
        Map<String, String> routes = Map.ofEntries(
                Map.entry("/api/v1/users/me", "user-service"),
                Map.entry("/api/v1/friends", "user-service"),
                Map.entry("/api/v1/blocks/someone", "user-service"),
                Map.entry("/api/v1/users/someone/posts", "feed-service"),
                Map.entry("/api/v1/posts/p1", "feed-service"),
                Map.entry("/api/v1/feed/home", "feed-service"),
                Map.entry("/api/v1/conversations", "messaging-service"),
                Map.entry("/api/v1/notifications", "messaging-service"),
                Map.entry("/api/v1/media/m1", "media-service"),
                Map.entry("/api/v1/users/someone/albums", "media-service"),
                Map.entry("/api/v1/albums/a1/items", "media-service"),
                Map.entry("/api/v1/mall/items", "mall-service"),
                Map.entry("/api/v1/wallet", "mall-service"),
                Map.entry("/api/v1/loyalty", "mall-service"));
        routes.forEach((path, service) -> {
            var answer = gateway.send("GET", path, token, null);
            assertThat(answer.status()).as(path).isNotIn(401, 502, 503, 504);
            assertThat(answer.header("X-Served-By")).as(path).startsWith(service + "/");
        });
    }

    @Test
    @Order(4)
    void withoutATokenTheGatewayAnswers401() {
        assertProblem(gateway.send("GET", "/api/v1/feed/home", null, null), 401);
        assertProblem(gateway.send("GET", "/api/v1/users/me", null, null), 401);
        assertProblem(gateway.send("GET", "/api/v1/wallet", "forged.token.value", null), 401);
    }

    @Test
    @Order(5)
    void unknownRoutesAndServiceActuatorsAre404() {
        String token = newUserToken();
        assertProblem(gateway.send("GET", "/api/v1/no-such-thing", token, null), 404);
        assertProblem(gateway.send("GET", "/actuator/env", token, null), 404);
        assertThat(gateway.send("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        assertThat(gateway.send("GET", "/actuator/prometheus", null, null).status()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void twoInstancesOfAServiceShareTheLoad() {
        String token = newUserToken();
        Set<String> instances = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            instances.add(gateway.send("GET", "/api/v1/feed/home", token, null).header("X-Served-By"));
        }

        assertThat(instances).hasSize(2).allSatisfy(servedBy -> assertThat(servedBy).startsWith("feed-service/"));
    }

    @Test
    @Order(7)
    void tooManyRequestsAre429WithRetryAfter() {
        String token = newUserToken();
        List<HttpTestClient.Answer> answers = new ArrayList<>();
        for (int i = 0; i < RunningStack.USER_BURST * 2; i++) {
            answers.add(gateway.send("GET", "/api/v1/users/me", token, null));
        }

        var limited = answers.stream().filter(answer -> answer.status() == 429).findFirst();
        assertThat(limited).as("some of %d quick requests are limited", answers.size()).isPresent();
        assertProblem(limited.get(), 429);
        assertThat(limited.get().header("Retry-After")).isNotBlank();
    }

    /** Every path of the client API (API.md), by the service that answers it; path variables unnamed. */
    static final Map<String, List<String>> CLIENT_API = Map.of(
            "user-service", List.of("/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
                    "/api/v1/auth/logout", "/.well-known/jwks.json", "/api/v1/users/me", "/api/v1/users/{}",
                    "/api/v1/users", "/api/v1/users/{}/visitors", "/api/v1/users/me/decorations",
                    "/api/v1/users/me/decorations/active", "/api/v1/friends/requests",
                    "/api/v1/friends/requests/{}/accept", "/api/v1/friends/requests/{}/decline", "/api/v1/friends",
                    "/api/v1/friends/{}", "/api/v1/blocks/{}"),
            "feed-service", List.of("/api/v1/posts", "/api/v1/posts/{}", "/api/v1/feed/home", "/api/v1/users/{}/posts",
                    "/api/v1/feed/trending", "/api/v1/posts/{}/like", "/api/v1/posts/{}/comments",
                    "/api/v1/posts/{}/comments/{}"),
            "messaging-service", List.of("/api/v1/conversations", "/api/v1/conversations/{}",
                    "/api/v1/conversations/{}/members", "/api/v1/conversations/{}/members/{}",
                    "/api/v1/conversations/{}/messages", "/api/v1/conversations/{}/read", "/api/v1/notifications",
                    "/api/v1/notifications/read"),
            "media-service", List.of("/api/v1/media", "/api/v1/media/{}", "/api/v1/media/{}/content",
                    "/api/v1/media/{}/thumbnail", "/api/v1/albums", "/api/v1/users/{}/albums",
                    "/api/v1/albums/{}/items"),
            "mall-service", List.of("/api/v1/mall/items", "/api/v1/mall/items/{}", "/api/v1/wallet",
                    "/api/v1/wallet/transactions", "/api/v1/wallet/top-ups", "/api/v1/mall/orders",
                    "/api/v1/loyalty/check-in", "/api/v1/loyalty", "/api/v1/admin/mall/items",
                    "/api/v1/admin/mall/items/{}"));

    @Test
    @Order(8)
    void theSwaggerUiThroughTheGatewayDocumentsEveryPathOfTheClientApi() {
        assertThat(gateway.send("GET", "/swagger-ui/index.html", null, null).status()).isEqualTo(200);
        CLIENT_API.forEach((service, paths) -> {
            var document = gateway.send("GET", "/v3/api-docs/" + service, null, null);
            assertThat(document.status()).as(service).isEqualTo(200);
            assertThat(document.json().path("servers").get(0).path("url").asString()).isEqualTo("/");
            Set<String> documented = new HashSet<>();
            document.json().path("paths").propertyNames()
                    .forEach(path -> documented.add(path.replaceAll("\\{[^}]+}", "{}")));
            assertThat(documented).as(service).containsAll(paths);
        });
    }

    @Test
    @Order(9)
    void anInstanceThatStopsIsLeftBeforeItStopsAnswering() {
        // six users, each well under its rate limit, read their feeds all along
        List<String> tokens = IntStream.range(0, 6).mapToObj(i -> newUserToken()).toList();
        List<HttpTestClient.Answer> answers = Collections.synchronizedList(new ArrayList<>());
        var leaving = stack.process("feed-service-2").orElseThrow();
        try (var readers = Executors.newScheduledThreadPool(tokens.size(), Thread.ofVirtual().factory())) {
            tokens.forEach(token -> readers.scheduleAtFixedRate(
                    () -> answers.add(gateway.send("GET", "/api/v1/feed/home", token, null)), 0, 300,
                    TimeUnit.MILLISECONDS));
            await().atMost(Duration.ofSeconds(30)).until(() -> servedBy(answers, 0).size() == 2);

            leaving.stop(Duration.ofSeconds(40));
            int atExit = answers.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() >= atExit + 30);
            readers.shutdownNow();

            assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(200));
            assertThat(servedBy(answers, atExit)).as("after the instance exited").hasSize(1);
        } finally {
            // back for the tests of the feed that may run after this class
            stack.relaunch("feed-service-2", List.of());
        }
    }

    private static Set<String> servedBy(List<HttpTestClient.Answer> answers, int from) {
        synchronized (answers) {
            Set<String> instances = new HashSet<>();
            answers.subList(from, answers.size()).forEach(answer -> instances.add(answer.header("X-Served-By")));
            return instances;
        }
    }

    @Test
    @Order(100)
    void aStoppedServiceIsA503WithinASecond() {
        String token = newUserToken();
        stack.process("media-service").orElseThrow().stop(Duration.ofSeconds(20));
        try {
            long start = System.nanoTime();
            var answer = gateway.send("GET", "/api/v1/media/m1", token, null);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertProblem(answer, 503);
            assertThat(millis).isLessThanOrEqualTo(1_000);
        } finally {
            // back for the tests of media that may run after this class
            stack.relaunch("media-service", java.util.List.of());
        }
    }

    static String newUserToken() {
        String username = "st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        var registered = gateway.send("POST", "/api/v1/auth/register", null,
                "{\"username\":\"%s\",\"password\":\"correct horse battery\",\"displayName\":\"System Test\"}"
                        .formatted(username));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        var login = gateway.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"%s\",\"password\":\"correct horse battery\"}".formatted(username));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json().path("accessToken").asString();
    }
}
