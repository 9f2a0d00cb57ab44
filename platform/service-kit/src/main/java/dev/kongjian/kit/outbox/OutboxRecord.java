package dev.kongjian.kit.outbox;

import java.time.Instant;

import org.springframework.data.annotation.Id;

import dev.kongjian.events.KongjianEvent;

/** One event waiting in the {@code outbox} collection to be sent to Kafka. */
record OutboxRecord(@Id String id, String topic, String key, String type, String payload, State state,
        String collection, Object documentId, Instant createdAt, Instant leaseUntil) {

    enum State {
        /** Written before the change; confirmed once the change succeeded. */
        PREPARED,
        /** The change happened; the relay sends it. */
        READY
    }

    static OutboxRecord prepared(KongjianEvent event, String collection, Object documentId, Instant now) {
        return new OutboxRecord(event.id(), event.topic(), event.aggregateId(), event.type(), Outbox.payload(event),
                State.PREPARED, collection, documentId, now, null);
    }
}
