package dev.kongjian.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;
import dev.kongjian.testing.SharedInfrastructure;
import dev.kongjian.testing.TestInfrastructure;

@SpringBootTest(properties = "kongjian.events.max-retries=2")
@Import({ TestInfrastructure.class, TestTokens.class })
class EventConsumerIntegrationTests {

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Test
    void aRedeliveredEventHasOneEffect() throws Exception {
        var event = new UserEvent.FriendshipCreated(UUID.randomUUID().toString(), "a", "b", Instant.now(), 1);

        kafka.send(KitEventListener.TOPIC, "a", EventJson.writeString(event)).get();
        kafka.send(KitEventListener.TOPIC, "a", EventJson.writeString(event)).get();
        var marker = new UserEvent.FriendshipEnded(UUID.randomUUID().toString(), "a", "b", Instant.now(), 1);
        kafka.send(KitEventListener.TOPIC, "a", EventJson.writeString(marker)).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> KitEventListener.APPLIED.containsKey(marker.id()));
        assertThat(KitEventListener.APPLIED).containsEntry(event.id(), 1);
    }

    @Test
    void poisonAndMalformedMessagesGoToTheDeadLetterTopicAndThePartitionKeepsFlowing() throws Exception {
        String key = "k-" + UUID.randomUUID();
        var poison = new UserEvent.UserBlocked(UUID.randomUUID().toString(), key, "poison", Instant.now(), 1);
        var after = new UserEvent.FriendshipCreated(UUID.randomUUID().toString(), key, "c", Instant.now(), 1);

        kafka.send(KitEventListener.TOPIC, key, EventJson.writeString(poison)).get();
        kafka.send(KitEventListener.TOPIC, key, "{not json").get();
        kafka.send(KitEventListener.TOPIC, key, EventJson.writeString(after)).get();

        await().atMost(Duration.ofSeconds(60)).until(() -> KitEventListener.APPLIED.containsKey(after.id()));
        Set<String> dead = ConcurrentHashMap.newKeySet();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-" + key,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.deadLetterOf(KitEventListener.TOPIC)));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                    if (key.equals(record.key())) {
                        dead.add(record.value());
                    }
                });
                return dead.size() >= 2;
            });
        }
        assertThat(dead).contains(EventJson.writeString(poison), "{not json");
        assertThat(KitEventListener.APPLIED).doesNotContainKey(poison.id());
    }
}
