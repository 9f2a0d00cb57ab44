package dev.kongjian.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.KongjianEvent;

/**
 * Everything published on a topic during a test run, read by a consumer of its own from the
 * beginning of the topic, so a test can wait for the event its action must have caused.
 */
public final class EventCapture {

    private static final Map<String, EventCapture> BY_TOPIC = new ConcurrentHashMap<>();

    private final Map<String, KongjianEvent> seen = new ConcurrentHashMap<>();

    private EventCapture() {
    }

    /** The capture of {@code topic}, started on first use and kept for the JVM's life. */
    public static EventCapture of(String topic) {
        return BY_TOPIC.computeIfAbsent(topic, EventCapture::start);
    }

    public <T extends KongjianEvent> List<T> published(Class<T> type, Predicate<T> matching) {
        return seen.values().stream().filter(type::isInstance).map(type::cast).filter(matching).toList();
    }

    /** The first event of the type that matches, waiting up to 30 s for it. */
    public <T extends KongjianEvent> T await(Class<T> type, Predicate<T> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).alias("a " + type.getSimpleName() + " as expected")
                .until(() -> published(type, matching).stream().findFirst(), Optional::isPresent).orElseThrow();
    }

    private static EventCapture start(String topic) {
        var capture = new EventCapture();
        var ready = new CountDownLatch(1);
        Thread.ofPlatform().daemon().name("capture-" + topic).start(() -> {
            try (var consumer = new KafkaConsumer<String, String>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "capture-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                ready.countDown();
                while (true) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> EventJson
                            .read(record.value().getBytes(StandardCharsets.UTF_8))
                            .ifPresent(event -> capture.seen.put(event.id(), event)));
                }
            }
        });
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return capture;
    }
}
