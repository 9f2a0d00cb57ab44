package dev.kongjian.user.decoration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.MallEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.kit.messaging.ProcessedEvents;

/** Applies the mall's grants: each event once (event-id ledger), and each effect an upsert besides. */
@Component
class MallEventsListener {

    static final String CONSUMER = "user-service.decorations";

    private final Decorations decorations;
    private final ProcessedEvents processed;

    MallEventsListener(Decorations decorations, ProcessedEvents processed) {
        this.decorations = decorations;
        this.processed = processed;
    }

    @KafkaListener(topics = Topics.MALL_EVENTS)
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value()).ifPresent(event -> {
            switch (event) {
                case MallEvent.ItemGranted granted -> processed.applyOnce(CONSUMER, granted,
                        () -> decorations.grant(granted));
                case MallEvent.VipGranted vip -> processed.applyOnce(CONSUMER, vip, () -> decorations.grantVip(vip));
                case MallEvent.VipExpired expired -> processed.applyOnce(CONSUMER, expired,
                        () -> decorations.expireVip(expired));
                default -> {
                    // other services' events on this topic are not ours to apply
                }
            }
        });
    }
}
