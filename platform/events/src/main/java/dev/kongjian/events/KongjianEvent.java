package dev.kongjian.events;

import java.time.Instant;

/**
 * A fact one service tells the others. Every event carries a unique {@code id} (consumers
 * de-duplicate on it), the time it happened and the schema {@code version}; the JSON also
 * carries its {@code type}, the name a consumer dispatches on.
 */
public interface KongjianEvent {

    String id();

    Instant occurredAt();

    int version();

    /** The Kafka key: the aggregate whose events must stay in order on one partition. */
    String aggregateId();

    /** The topic of the service that publishes this event. */
    String topic();

    /** The name written as {@code type} in the JSON and in the {@code kongjian-event-type} header. */
    default String type() {
        return EventTypes.nameOf(getClass());
    }
}
