package dev.kongjian.user;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;
import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.SharedInfrastructure;
import dev.kongjian.testing.TestInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false", "kongjian.users.admin-usernames=root_${random.int[1000,9999]}",
        "kongjian.users.token-sweep-every=500ms" })
@Import(TestInfrastructure.class)
class AuthIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    HttpTestClient http;
    String username;

    @BeforeEach
    void setUp() {
        http = new HttpTestClient("http://localhost:" + port);
        username = "u_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void registerThenLoginThenReadOwnProfile() {
        var registered = register(username, "correct horse", "Mei Lin");
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.body()).doesNotContain("password").doesNotContain("argon2");

        var tokens = login(username, "correct horse");
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.json().path("tokenType").asString()).isEqualTo("Bearer");
        assertThat(tokens.json().path("expiresIn").asLong()).isEqualTo(900);

        var me = http.send("GET", "/api/v1/users/me", tokens.json().path("accessToken").asString(), null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("id").asString()).isEqualTo(registered.json().path("id").asString());
        assertThat(me.json().path("displayName").asString()).isEqualTo("Mei Lin");
    }

    @Test
    void usernamesAreUniqueWhateverTheirCase() {
        register(username, "correct horse", "A");

        assertProblem(register(username.toUpperCase(), "correct horse", "B"), 409);
        assertProblem(register(username, "correct horse", "B"), 409);
    }

    @Test
    void aUsernameTypedInCapitalsIsKeptInLowerCaseAndSignsInEitherWay() {
        String typed = "Mei_" + username.substring(0, Math.min(20, username.length())).toUpperCase();

        var registered = register(typed, "correct horse", "Mei");

        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().path("username").asString()).isEqualTo(typed.toLowerCase());
        assertThat(login(typed, "correct horse").status()).isEqualTo(200);
        assertThat(login(typed.toLowerCase(), "correct horse").status()).isEqualTo(200);
    }

    @Test
    void registrationRulesAreEnforced() {
        assertProblem(register("ab", "correct horse", "A"), 400);
        assertProblem(register("has space", "correct horse", "A"), 400);
        assertProblem(register(username, "short", "A"), 400);
        var answer = register("x", "short", "");
        assertProblem(answer, 400);
        assertThat(answer.json().path("errors")).hasSize(3);
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() {
        register(username, "correct horse", "A");

        var wrong = login(username, "wrong horse");
        var unknown = login(username + "_nobody", "correct horse");

        assertProblem(wrong, 401);
        assertProblem(unknown, 401);
        assertThat(wrong.json().path("detail")).isEqualTo(unknown.json().path("detail"));
    }

    @Test
    void refreshRotatesAndReuseRevokesTheWholeLogin() {
        register(username, "correct horse", "A");
        String first = login(username, "correct horse").json().path("refreshToken").asString();

        var second = refresh(first);
        assertThat(second.status()).isEqualTo(200);
        String secondToken = second.json().path("refreshToken").asString();
        assertThat(secondToken).isNotEqualTo(first);

        assertProblem(refresh(first), 401);
        assertProblem(refresh(secondToken), 401);
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        register(username, "correct horse", "A");
        var tokens = login(username, "correct horse").json();

        var logout = http.send("POST", "/api/v1/auth/logout", tokens.path("accessToken").asString(), null);

        assertThat(logout.status()).isEqualTo(204);
        assertProblem(refresh(tokens.path("refreshToken").asString()), 401);
    }

    @Test
    void changingThePasswordEndsEveryLoginAndAnswersANewOne() {
        register(username, "correct horse", "A");
        var phone = login(username, "correct horse").json();
        var tablet = login(username, "correct horse").json();
        String change = "/api/v1/auth/password";

        var wrong = http.send("POST", change, phone.path("accessToken").asString(),
                "{\"currentPassword\":\"wrong horse\",\"newPassword\":\"battery staple\"}", "X-Forwarded-For",
                "203.0.113.200");
        assertProblem(wrong, 403);
        // a wrong guess ends nobody's login
        assertThat(refresh(tablet.path("refreshToken").asString()).status()).isEqualTo(200);
        assertProblem(http.send("POST", change, phone.path("accessToken").asString(),
                "{\"currentPassword\":\"correct horse\",\"newPassword\":\"short\"}"), 400);
        assertProblem(http.send("POST", change, null,
                "{\"currentPassword\":\"correct horse\",\"newPassword\":\"battery staple\"}"), 401);

        var changed = http.send("POST", change, phone.path("accessToken").asString(),
                "{\"currentPassword\":\"correct horse\",\"newPassword\":\"battery staple\"}");

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("tokenType").asString()).isEqualTo("Bearer");
        assertProblem(refresh(phone.path("refreshToken").asString()), 401);
        assertProblem(refresh(tablet.path("refreshToken").asString()), 401);
        assertThat(refresh(changed.json().path("refreshToken").asString()).status()).isEqualTo(200);
        assertThat(http.send("GET", "/api/v1/users/me", changed.json().path("accessToken").asString(), null).status())
                .isEqualTo(200);
        assertProblem(login(username, "correct horse"), 401);
        assertThat(login(username, "battery staple").status()).isEqualTo(200);
    }

    @Test
    void guessingTheCurrentPasswordIsThrottledLikeSigningIn() {
        register(username, "correct horse", "A");
        String token = login(username, "correct horse").json().path("accessToken").asString();
        String guess = "{\"currentPassword\":\"guess\",\"newPassword\":\"battery staple\"}";

        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(http.send("POST", "/api/v1/auth/password", token, guess, "X-Forwarded-For", "203.0.113." + i)
                    .status());
        }

        assertThat(statuses).containsExactly(403, 403, 403, 403, 403, 429);
        var refused = http.send("POST", "/api/v1/auth/password", token,
                "{\"currentPassword\":\"correct horse\",\"newPassword\":\"battery staple\"}", "X-Forwarded-For",
                "203.0.113.99");
        assertProblem(refused, 429);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(login(username, "correct horse").status()).as("signing in is its own count").isEqualTo(200);
    }

    @Test
    void expiredRefreshTokensAreSweptAndLiveOnesKept() {
        register(username, "correct horse", "A");
        String live = login(username, "correct horse").json().path("refreshToken").asString();
        var tokens = mongo.getCollection("refresh_tokens");
        tokens.insertOne(new org.bson.Document("_id", "expired-" + username).append("userId", "someone")
                .append("familyId", "f-" + username).append("spent", true).append("revoked", false)
                .append("createdAt", new java.util.Date(0)).append("expiresAt", new java.util.Date(1000)));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> tokens.countDocuments(new org.bson.Document("_id", "expired-" + username)) == 0);
        assertThat(refresh(live).status()).isEqualTo(200);
    }

    @Test
    void jwksPublishesPublicKeysOnly() {
        var jwks = http.send("GET", "/.well-known/jwks.json", null, null);

        assertThat(jwks.status()).isEqualTo(200);
        var key = jwks.json().path("keys").get(0);
        assertThat(key.path("kty").asString()).isEqualTo("RSA");
        assertThat(key.path("kid").asString()).isNotBlank();
        assertThat(key.has("d")).isFalse();
        assertThat(key.has("p")).isFalse();
    }

    @Test
    void registrationPublishesUserRegistered() {
        String id = register(username, "correct horse", "Mei").json().path("id").asString();

        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.USER_EVENTS));
            var found = new java.util.concurrent.atomic.AtomicReference<UserEvent.UserRegistered>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> EventJson
                        .read(record.value().getBytes(StandardCharsets.UTF_8))
                        .filter(event -> event instanceof UserEvent.UserRegistered registered
                                && registered.userId().equals(id))
                        .ifPresent(event -> found.set((UserEvent.UserRegistered) event)));
                return found.get() != null;
            });
            assertThat(found.get().username()).isEqualTo(username);
        }
    }

    private HttpTestClient.Answer register(String name, String password, String displayName) {
        return http.send("POST", "/api/v1/auth/register", null,
                "{\"username\":\"%s\",\"password\":\"%s\",\"displayName\":\"%s\"}".formatted(name, password, displayName));
    }

    private HttpTestClient.Answer login(String name, String password) {
        return http.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(name, password));
    }

    private HttpTestClient.Answer refresh(String token) {
        return http.send("POST", "/api/v1/auth/refresh", null, "{\"refreshToken\":\"%s\"}".formatted(token));
    }
}
