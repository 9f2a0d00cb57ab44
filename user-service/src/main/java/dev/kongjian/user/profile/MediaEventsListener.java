package dev.kongjian.user.profile;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.MediaEvent;
import dev.kongjian.events.Topics;

/** Lets profiles go of avatars their owners deleted (media-service's {@code media.events}). */
@Component
class MediaEventsListener {

    private final Profiles profiles;

    MediaEventsListener(Profiles profiles) {
        this.profiles = profiles;
    }

    @KafkaListener(id = "user-avatars", groupId = "user-service-avatars", topics = Topics.MEDIA_EVENTS)
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value(), MediaEvent.MediaDeleted.class)
                .ifPresent(profiles::forgetAvatar);
    }
}
