package dev.kongjian.mall.people;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;

/** Keeps {@link People} current from {@code user.events}; every other type is ignored. */
@Component
class UserEventsListener {

    private final People people;

    UserEventsListener(People people) {
        this.people = people;
    }

    @KafkaListener(id = "mall-people", groupId = "mall-service-people", topics = Topics.USER_EVENTS)
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value(), UserEvent.UserRegistered.class)
                .ifPresent(people::registered);
    }
}
