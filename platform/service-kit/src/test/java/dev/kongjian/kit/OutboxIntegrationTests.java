package dev.kongjian.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.KongjianEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.testing.SharedInfrastructure;
import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.TestInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ TestInfrastructure.class, TestTokens.class })
class OutboxIntegrationTests {

    static final Map<String, KongjianEvent> RECEIVED = new ConcurrentHashMap<>();
    static volatile boolean listening;
    static Thread listener;

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @BeforeAll
    static void listen() {
        listening = true;
        listener = Thread.ofPlatform().daemon().start(() -> {
            try (var consumer = new KafkaConsumer<String, String>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.USER_EVENTS));
                while (listening) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                        String type = new String(record.headers().lastHeader(Topics.TYPE_HEADER).value(),
                                StandardCharsets.UTF_8);
                        EventJson.read(record.value().getBytes(StandardCharsets.UTF_8)).ifPresent(event -> {
                            assertThat(event.type()).isEqualTo(type);
                            assertThat(record.key()).isEqualTo(event.aggregateId());
                            RECEIVED.put(event.id(), event);
                        });
                    });
                }
            }
        });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        listening = false;
        listener.join(5_000);
    }

    @Test
    void aSuccessfulChangePublishesItsEventKeyedByTheAggregate() {
        String userId = "u-" + UUID.randomUUID();
        var answer = new HttpTestClient("http://localhost:" + port).send("POST",
                "/api/v1/users/" + userId + "/rename?name=Mei", TestTokens.token(userId), null);
        String eventId = answer.body();

        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVED.containsKey(eventId));
        assertThat(RECEIVED.get(eventId)).isInstanceOfSatisfying(UserEvent.ProfileUpdated.class,
                event -> assertThat(event.displayName()).isEqualTo("Mei"));
        assertThat(mongo.getCollection(Outbox.COLLECTION).countDocuments(new Document("_id", eventId))).isZero();
    }

    @Test
    void aRefusedChangePublishesNothing() {
        String userId = "u-" + UUID.randomUUID();
        var answer = new HttpTestClient("http://localhost:" + port).send("POST",
                "/api/v1/users/" + userId + "/rename?name=Mei&fail=true", TestTokens.token(userId), null);

        assertThat(answer.status()).isEqualTo(410);
        assertThat(mongo.getCollection(Outbox.COLLECTION).countDocuments(new Document("type", "ProfileUpdated")
                .append("key", userId))).isZero();
    }

    @Test
    void aCrashAfterTheChangeStillPublishesTheEvent() {
        // the state a crash leaves between the change and the confirmation: prepared, and marked
        String userId = "u-" + UUID.randomUUID();
        var event = new UserEvent.ProfileUpdated(UUID.randomUUID().toString(), userId, "Lin", null,
                UserEvent.SpaceVisibility.FRIENDS, Instant.now(), 1);
        insertPrepared(event, userId);
        mongo.getCollection("users").insertOne(Outbox.mark(new Document("_id", userId).append("name", "Lin"), event));

        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVED.containsKey(event.id()));
    }

    @Test
    void aCrashBeforeTheChangeDropsTheEvent() {
        String userId = "u-" + UUID.randomUUID();
        var event = new UserEvent.ProfileUpdated(UUID.randomUUID().toString(), userId, "Never", null,
                UserEvent.SpaceVisibility.PUBLIC, Instant.now(), 1);
        insertPrepared(event, userId);

        await().atMost(Duration.ofSeconds(20)).until(
                () -> mongo.getCollection(Outbox.COLLECTION).countDocuments(new Document("_id", event.id())) == 0);
        assertThat(Set.copyOf(RECEIVED.keySet())).doesNotContain(event.id());
    }

    private void insertPrepared(UserEvent event, String userId) {
        mongo.getCollection(Outbox.COLLECTION).insertOne(new Document("_id", event.id())
                .append("topic", event.topic()).append("key", userId).append("type", event.type())
                .append("payload", EventJson.writeString(event)).append("state", "PREPARED")
                .append("collection", "users").append("documentId", userId)
                .append("createdAt", java.util.Date.from(Instant.now().minusSeconds(5))));
    }
}
