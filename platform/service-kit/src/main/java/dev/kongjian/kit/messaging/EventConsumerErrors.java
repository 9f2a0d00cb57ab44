package dev.kongjian.kit.messaging;

import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.Topics;

/**
 * What a listener does when handling a record fails: retry with exponential backoff a bounded
 * number of times, then park the record on the topic's dead-letter twin and move on, so one
 * poison message never stops its partition. Malformed events go there at once.
 */
public final class EventConsumerErrors {

    private EventConsumerErrors() {
    }

    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, int maxRetries) {
        var recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        var backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxAttempts(maxRetries);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(EventJson.MalformedEvent.class, IllegalArgumentException.class);
        return handler;
    }
}
