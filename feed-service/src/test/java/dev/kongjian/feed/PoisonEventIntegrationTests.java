package dev.kongjian.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;
import dev.kongjian.testing.SharedInfrastructure;

class PoisonEventIntegrationTests extends FeedServiceTestSupport {

    @Test
    void aMalformedEventIsParkedOnTheDeadLetterTopicAndTheNextOneStillApplies() throws Exception {
        String userId = UUID.randomUUID().toString();
        String poison = "{\"type\":\"UserRegistered\",\"id\":\"" + UUID.randomUUID() + "\",\"userId\":";
        var record = new ProducerRecord<String, String>(Topics.USER_EVENTS, userId, poison);
        record.headers().add(Topics.TYPE_HEADER, "UserRegistered".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        kafka.send(record).get();
        var registered = new UserEvent.UserRegistered(UUID.randomUUID().toString(), userId, "u_" + userId.substring(0, 8),
                "After the poison", UserEvent.SpaceVisibility.PUBLIC, Instant.now(), 1);
        kafka.send(Topics.USER_EVENTS, userId, EventJson.writeString(registered)).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> graph.person(userId).isPresent());
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.deadLetterOf(Topics.USER_EVENTS)));
            List<String> parked = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead -> parked.add(dead.value()));
                return parked.contains(poison);
            });
        }
        assertThat(graph.person(userId).orElseThrow().displayName()).isEqualTo("After the poison");
    }
}
