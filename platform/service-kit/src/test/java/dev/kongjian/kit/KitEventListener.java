package dev.kongjian.kit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.UserEvent;
import dev.kongjian.kit.messaging.ProcessedEvents;

/** A consumer written the way services write them, for the kit's consumer tests. */
@Component
class KitEventListener {

    static final String TOPIC = "kit-test.events";
    static final Map<String, Integer> APPLIED = new ConcurrentHashMap<>();

    private final ProcessedEvents processed;

    KitEventListener(ProcessedEvents processed) {
        this.processed = processed;
    }

    @KafkaListener(topics = TOPIC, groupId = "kit-test")
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value().getBytes(StandardCharsets.UTF_8)).ifPresent(event -> {
            if (event instanceof UserEvent.UserBlocked blocked && "poison".equals(blocked.blockedUserId())) {
                throw new IllegalStateException("this event can never be applied");
            }
            processed.applyOnce("kit-test", event, () -> APPLIED.merge(event.id(), 1, Integer::sum));
        });
    }
}
