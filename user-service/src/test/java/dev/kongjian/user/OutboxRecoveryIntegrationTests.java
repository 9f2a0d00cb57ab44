package dev.kongjian.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.UserEvent;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.outbox.OutboxRelay;

class OutboxRecoveryIntegrationTests extends UserServiceTestSupport {

    @Autowired
    MongoTemplate mongo;

    @Autowired
    OutboxRelay relay;

    @Test
    void aCrashBetweenTheWriteAndThePublishLosesNoEvent() {
        // the relay is down, as in a crashed instance
        relay.stop();
        User mei;
        try {
            mei = newUser("Before the crash");
        } finally {
            relay.start();
        }
        // what a crash after the account write but before the confirmation leaves behind
        String userId = "crash-" + UUID.randomUUID();
        var event = new UserEvent.UserRegistered(UUID.randomUUID().toString(), userId, "crashed_user", "Crash",
                UserEvent.SpaceVisibility.PUBLIC, Instant.now(), 1);
        mongo.getCollection(Outbox.COLLECTION).insertOne(new Document("_id", event.id())
                .append("topic", event.topic()).append("key", userId).append("type", event.type())
                .append("payload", EventJson.writeString(event)).append("state", "PREPARED")
                .append("collection", "accounts").append("documentId", userId)
                .append("createdAt", Date.from(Instant.now())));
        mongo.getCollection("accounts").insertOne(Outbox.mark(new Document("_id", userId)
                .append("username", "crashed_user").append("usernameLower", "crashed_user"), event));

        String registeredId = mei.id();
        assertThat(awaitEvent(UserEvent.UserRegistered.class, e -> e.userId().equals(registeredId)).displayName())
                .isEqualTo("Before the crash");
        assertThat(awaitEvent(UserEvent.UserRegistered.class, e -> e.userId().equals(userId)).username())
                .isEqualTo("crashed_user");
    }
}
