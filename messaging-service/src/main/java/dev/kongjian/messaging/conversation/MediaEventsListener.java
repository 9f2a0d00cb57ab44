package dev.kongjian.messaging.conversation;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.MediaEvent;
import dev.kongjian.events.Topics;

/** Lets messages go of media their owners deleted (media-service's {@code media.events}). */
@Component
class MediaEventsListener {

    private final Messages messages;

    MediaEventsListener(Messages messages) {
        this.messages = messages;
    }

    @KafkaListener(id = "messaging-media", groupId = "messaging-service-media", topics = Topics.MEDIA_EVENTS)
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value(), MediaEvent.MediaDeleted.class).ifPresent(messages::forgetMedia);
    }
}
