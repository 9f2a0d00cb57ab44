package dev.kongjian.feed.post;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.MediaEvent;
import dev.kongjian.events.Topics;

/** Lets posts go of media their owners deleted (media-service's {@code media.events}). */
@Component
class MediaEventsListener {

    private final Posts posts;

    MediaEventsListener(Posts posts) {
        this.posts = posts;
    }

    @KafkaListener(id = "feed-media", groupId = "feed-service-media", topics = Topics.MEDIA_EVENTS)
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value(), MediaEvent.MediaDeleted.class)
                .ifPresent(posts::forgetMedia);
    }
}
