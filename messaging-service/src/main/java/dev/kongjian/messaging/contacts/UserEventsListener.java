package dev.kongjian.messaging.contacts;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;

/** Keeps {@link Contacts} current; every write it makes is guarded by the event's time, so redelivery is harmless. */
@Component
class UserEventsListener {

    private final Contacts contacts;

    UserEventsListener(Contacts contacts) {
        this.contacts = contacts;
    }

    @KafkaListener(id = "messaging-contacts", groupId = "messaging-service-contacts", topics = Topics.USER_EVENTS)
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value(), UserEvent.class)
                .ifPresent(contacts::apply);
    }
}
