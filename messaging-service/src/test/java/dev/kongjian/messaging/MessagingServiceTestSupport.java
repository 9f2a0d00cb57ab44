package dev.kongjian.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.kongjian.events.KongjianEvent;
import dev.kongjian.kit.security.ResourceServerConfiguration;
import dev.kongjian.kit.security.SecurityProperties;
import dev.kongjian.kit.users.UserDirectory;
import dev.kongjian.messaging.contacts.Contacts;
import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.TestInfrastructure;
import dev.kongjian.testing.TestTokens;
import dev.kongjian.testing.UserEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What messaging-service's integration tests share: one running service on the embedded
 * infrastructure, people and friendships made the way production makes them (events on
 * {@code user.events}), tokens, and live WebSocket clients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "eureka.client.enabled=false")
@Import({ TestInfrastructure.class, MessagingServiceTestSupport.Tokens.class })
public abstract class MessagingServiceTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    protected Contacts contacts;

    @Autowired
    protected MongoTemplate mongo;

    /** user-service, asked where the replica says no; unreachable unless a test says otherwise. */
    @MockitoBean
    protected UserDirectory directory;

    protected HttpTestClient http;

    @TestConfiguration(proxyBeanMethods = false)
    static class Tokens {
        @Bean
        JwtDecoder testJwtDecoder(SecurityProperties properties) {
            return TestTokens.decoder(ResourceServerConfiguration.validator(properties));
        }
    }

    protected record User(String id, String token) {
    }

    @BeforeEach
    void client() {
        http = new HttpTestClient("http://localhost:" + port);
        org.mockito.Mockito.when(directory.relationTo(org.mockito.ArgumentMatchers.anyString()))
                .thenReturn(UserDirectory.Relation.UNAVAILABLE);
    }

    protected User newUser() {
        String id = UserEvents.register(kafka);
        await().atMost(Duration.ofSeconds(30)).until(() -> contacts.exists(id));
        return new User(id, TestTokens.issue(id));
    }

    protected void befriend(User a, User b) {
        UserEvents.befriend(kafka, a.id(), b.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> contacts.areFriends(a.id(), b.id()));
    }

    protected void publish(KongjianEvent event) {
        UserEvents.publish(kafka, event);
    }

    protected String direct(User a, User b) {
        var started = http.send("POST", "/api/v1/conversations", a.token(),
                "{\"type\":\"DIRECT\",\"memberIds\":[\"%s\"]}".formatted(b.id()));
        assertThat(started.status()).as(started.body()).isIn(200, 201);
        return started.json().path("id").asString();
    }

    protected String group(User owner, User... members) {
        String ids = String.join("\",\"", java.util.Arrays.stream(members).map(User::id).toList());
        var started = http.send("POST", "/api/v1/conversations", owner.token(),
                "{\"type\":\"GROUP\",\"memberIds\":[\"%s\"],\"title\":\"Hotpot\"}".formatted(ids));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().path("id").asString();
    }

    protected JsonNode send(User sender, String conversationId, String text) {
        var sent = http.send("POST", "/api/v1/conversations/" + conversationId + "/messages", sender.token(),
                "{\"clientMessageId\":\"%s\",\"text\":\"%s\"}".formatted(UUID.randomUUID(), text));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        return sent.json();
    }

    /** A WebSocket client of {@code /ws} that keeps every frame it receives. */
    protected static final class LiveClient implements WebSocket.Listener, AutoCloseable {
        final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static LiveClient connect(int port, String token, boolean asQueryParameter) {
            LiveClient client = new LiveClient();
            var builder = HttpClient.newHttpClient().newWebSocketBuilder();
            String uri = "ws://localhost:" + port + "/ws";
            if (asQueryParameter) {
                uri += "?access_token=" + token;
            } else if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            client.socket = builder.buildAsync(URI.create(uri), client).join();
            client.await("ready", frame -> true);
            return client;
        }

        void say(String frame) {
            socket.sendText(frame, true).join();
        }

        JsonNode await(String type, java.util.function.Predicate<JsonNode> matching) {
            return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                    () -> frames.stream().filter(f -> f.path("type").asString().equals(type)).filter(matching)
                            .findFirst().orElse(null),
                    java.util.Objects::nonNull);
        }

        List<JsonNode> of(String type) {
            return frames.stream().filter(f -> f.path("type").asString().equals(type)).toList();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }
}
