package dev.kongjian.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.KongjianEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.SharedInfrastructure;
import dev.kongjian.testing.TestInfrastructure;

/** What user-service's integration tests share: one running service, users, and the events it published. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false", "kongjian.outbox.poll-interval=100ms", "kongjian.outbox.prepare-grace=1s",
        "kongjian.users.admin-usernames=" + UserServiceTestSupport.ADMIN })
@Import(TestInfrastructure.class)
abstract class UserServiceTestSupport {

    static final String ADMIN = "ops_admin_kj";
    static final Map<String, KongjianEvent> PUBLISHED = new ConcurrentHashMap<>();
    private static Thread listener;

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    HttpTestClient http;

    record User(String id, String username, String token) {
    }

    @BeforeEach
    void client() {
        http = new HttpTestClient("http://localhost:" + port);
        listen();
    }

    User newUser(String displayName) {
        String username = "u_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        var registered = http.send("POST", "/api/v1/auth/register", null,
                "{\"username\":\"%s\",\"password\":\"correct horse\",\"displayName\":\"%s\"}".formatted(username,
                        displayName));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        var login = http.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"%s\",\"password\":\"correct horse\"}".formatted(username));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return new User(registered.json().path("id").asString(), username,
                login.json().path("accessToken").asString());
    }

    <T extends KongjianEvent> T awaitEvent(Class<T> type, Predicate<T> matching) {
        var found = new java.util.concurrent.atomic.AtomicReference<T>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            PUBLISHED.values().stream().filter(type::isInstance).map(type::cast).filter(matching).findFirst()
                    .ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    void publish(String topic, KongjianEvent event) throws Exception {
        kafka.send(topic, event.aggregateId(), EventJson.writeString(event)).get();
    }

    private static synchronized void listen() {
        if (listener != null) {
            return;
        }
        var ready = new java.util.concurrent.CountDownLatch(1);
        listener = Thread.ofPlatform().daemon().name("user-events-capture").start(() -> {
            try (var consumer = new KafkaConsumer<String, String>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "capture-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.USER_EVENTS));
                ready.countDown();
                while (true) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> EventJson
                            .read(record.value().getBytes(StandardCharsets.UTF_8))
                            .ifPresent(event -> PUBLISHED.put(event.id(), event)));
                }
            }
        });
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
