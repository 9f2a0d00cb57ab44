package dev.kongjian.media.people;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.MallEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;

/** Keeps {@link People} current; every write is guarded by the event's time or is a maximum, so redelivery is harmless. */
@Component
class EventsListener {

    private final People people;

    EventsListener(People people) {
        this.people = people;
    }

    @KafkaListener(id = "media-people", groupId = "media-service-people",
            topics = { Topics.USER_EVENTS, Topics.MALL_EVENTS })
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value()).ifPresent(event -> {
            switch (event) {
                case UserEvent user -> people.apply(user);
                case MallEvent.VipGranted vip -> people.apply(vip);
                default -> {
                    // nothing media-service keeps
                }
            }
        });
    }
}
