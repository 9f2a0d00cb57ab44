package dev.kongjian.user.visitor;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.FeedEvent;
import dev.kongjian.events.Topics;

/** Takes {@code SpaceVisited} from feed-service; the upsert it does is its own de-duplication. */
@Component
class FeedEventsListener {

    private final Visitors visitors;

    FeedEventsListener(Visitors visitors) {
        this.visitors = visitors;
    }

    @KafkaListener(topics = Topics.FEED_EVENTS)
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value(), FeedEvent.SpaceVisited.class)
                .ifPresent(visitors::record);
    }
}
