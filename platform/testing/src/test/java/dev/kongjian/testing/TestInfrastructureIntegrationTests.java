package dev.kongjian.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import dev.kongjian.events.Topics;

@SpringBootTest(properties = "spring.mongodb.database=testing-tests")
@Import(TestInfrastructure.class)
class TestInfrastructureIntegrationTests {

    @Autowired
    MongoTemplate mongo;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    KafkaConnectionDetails kafkaConnection;

    @Test
    void mongoStoresAndFindsADocument() {
        String id = UUID.randomUUID().toString();
        mongo.getCollection("things").insertOne(new Document("_id", id).append("name", "teapot"));

        assertThat(mongo.getCollection("things").find(new Document("_id", id)).first())
                .containsEntry("name", "teapot");
    }

    @Test
    void redisIsARealRedisServer() {
        String key = "k-" + UUID.randomUUID();
        redis.opsForValue().set(key, "v");

        assertThat(redis.opsForValue().get(key)).isEqualTo("v");
        assertThat(redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) connection ->
                connection.serverCommands().info("server"))).asString().contains("redis_version");
    }

    @Test
    void kafkaDeliversWhatWasSent() throws Exception {
        String key = UUID.randomUUID().toString();
        kafka.send(Topics.MEDIA_EVENTS, key, "hello").get();

        try (var consumer = new KafkaConsumer<String, String>(java.util.Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafkaConnection.getBootstrapServers()),
                ConsumerConfig.GROUP_ID_CONFIG, "g-" + key,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.MEDIA_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean found = false;
            while (!found && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    found |= key.equals(record.key()) && "hello".equals(record.value());
                }
            }
            assertThat(found).as("the record came back from the broker").isTrue();
        }
    }

    @SpringBootApplication
    static class App {
    }
}
