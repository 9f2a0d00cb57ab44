package dev.kongjian.mall.loyalty;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.FeedEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.mall.MallProperties;

/**
 * Points for activity, from {@code feed.events}: writing a post, and receiving a comment from
 * someone else. {@link Loyalty#earn} makes each event count once.
 */
@Component
class FeedEventsListener {

    private final Loyalty loyalty;
    private final MallProperties properties;

    FeedEventsListener(Loyalty loyalty, MallProperties properties) {
        this.loyalty = loyalty;
        this.properties = properties;
    }

    @KafkaListener(id = "mall-loyalty", groupId = "mall-service-loyalty", topics = Topics.FEED_EVENTS)
    void on(ConsumerRecord<String, String> record) {
        EventJson.read(record.value()).ifPresent(event -> {
            switch (event) {
                case FeedEvent.PostCreated created -> loyalty.earn(created.authorId(), created.id(),
                        properties.postPoints(), created.occurredAt(), created.postId());
                case FeedEvent.CommentCreated comment when !comment.commenterId().equals(comment.authorId()) ->
                    loyalty.earn(comment.authorId(), comment.id(), properties.commentReceivedPoints(),
                            comment.occurredAt(), comment.postId());
                default -> {
                    // other facts earn nothing
                }
            }
        });
    }
}
