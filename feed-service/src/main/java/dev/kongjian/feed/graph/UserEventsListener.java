package dev.kongjian.feed.graph;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;

/** Keeps the replica current; every write it makes is guarded by the event's time, so redelivery is harmless. */
@Component
class UserEventsListener {

    private final FriendGraph graph;

    UserEventsListener(FriendGraph graph) {
        this.graph = graph;
    }

    @KafkaListener(id = "feed-graph", groupId = "feed-service-graph", topics = Topics.USER_EVENTS,
            concurrency = "${kongjian.feed.graph-consumers:2}")
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value(), UserEvent.class)
                .ifPresent(graph::apply);
    }
}
