package dev.kongjian.testing;

import java.time.Instant;
import java.util.UUID;

import org.springframework.kafka.core.KafkaTemplate;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.KongjianEvent;
import dev.kongjian.events.UserEvent;

/**
 * Events published the way their services publish them, for a service under test to build its
 * replicas from: people who sign up and befriend each other on {@code user.events}, and any
 * other event on its own topic, keyed by its aggregate.
 */
public final class UserEvents {

    private UserEvents() {
    }

    /** Publishes a new user's registration; answers the user's id. */
    public static String register(KafkaTemplate<String, String> kafka) {
        String id = UUID.randomUUID().toString();
        publish(kafka, new UserEvent.UserRegistered(UUID.randomUUID().toString(), id,
                "u_" + id.replace("-", "").substring(0, 14), "Someone", UserEvent.SpaceVisibility.PUBLIC,
                Instant.now(), 1));
        return id;
    }

    /** Publishes that {@code asking} asked and {@code answering} accepted. */
    public static void befriend(KafkaTemplate<String, String> kafka, String asking, String answering) {
        publish(kafka, new UserEvent.FriendshipCreated(UUID.randomUUID().toString(), asking, answering, Instant.now(),
                1));
    }

    /** Publishes the event on its topic, keyed by its aggregate, and waits until Kafka has it. */
    public static void publish(KafkaTemplate<String, String> kafka, KongjianEvent event) {
        try {
            kafka.send(event.topic(), event.aggregateId(), EventJson.writeString(event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
