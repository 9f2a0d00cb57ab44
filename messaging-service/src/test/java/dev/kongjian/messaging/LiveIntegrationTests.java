package dev.kongjian.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kongjian.events.FeedEvent;
import dev.kongjian.testing.TestTokens;

class LiveIntegrationTests extends MessagingServiceTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void everyOpenSessionOfEveryMemberHearsOfANewMessageAndOfItsReading() {
        long timedBefore = pushesTimed("message.new");
        User mei = newUser();
        User lin = newUser();
        String group = group(mei, lin);
        try (var meisPhone = LiveClient.connect(port, mei.token(), false);
                var linsPhone = LiveClient.connect(port, lin.token(), false);
                var linsTablet = LiveClient.connect(port, lin.token(), true)) {
            assertThat(linsTablet.of("ready")).singleElement()
                    .satisfies(ready -> assertThat(ready.path("userId").asString()).isEqualTo(lin.id()));
            String id = send(mei, group, "dinner?").path("id").asString();

            for (var client : java.util.List.of(meisPhone, linsPhone, linsTablet)) {
                var frame = client.await("message.new", f -> f.path("id").asString().equals(id));
                assertThat(frame.path("conversationId").asString()).isEqualTo(group);
                assertThat(frame.path("text").asString()).isEqualTo("dinner?");
                assertThat(frame.path("seq").asLong()).isEqualTo(1);
                assertThat(frame.path("senderId").asString()).isEqualTo(mei.id());
            }
            http.send("POST", "/api/v1/conversations/" + group + "/read", lin.token(), "{\"seq\":1}");
            var read = meisPhone.await("message.read", f -> f.path("userId").asString().equals(lin.id()));
            assertThat(read.path("seq").asLong()).isEqualTo(1);
        }
        // one delivery timed for the instance that held the three sessions
        assertThat(pushesTimed("message.new")).isEqualTo(timedBefore + 1);
    }

    private long pushesTimed(String type) {
        var timer = meters.find("kongjian.messaging.push.delay").tag("type", type).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void typingReachesTheOthersAndAPingIsAnswered() {
        User mei = newUser();
        User lin = newUser();
        User stranger = newUser();
        String group = group(mei, lin);
        try (var meis = LiveClient.connect(port, mei.token(), false);
                var lins = LiveClient.connect(port, lin.token(), false);
                var strangers = LiveClient.connect(port, stranger.token(), false)) {
            meis.say("{\"type\":\"typing\",\"conversationId\":\"%s\"}".formatted(group));
            meis.say("{\"type\":\"ping\"}");
            strangers.say("{\"type\":\"typing\",\"conversationId\":\"%s\"}".formatted(group));
            strangers.say("not json");

            assertThat(lins.await("typing", f -> true).path("userId").asString()).isEqualTo(mei.id());
            meis.await("pong", f -> true);
            strangers.await("error", f -> f.path("message").asString().contains("no such conversation"));
            strangers.await("error", f -> f.path("message").asString().contains("JSON"));
            assertThat(meis.of("typing")).isEmpty();
            assertThat(lins.of("typing")).hasSize(1);
        }
    }

    @Test
    void aNotificationIsPushedAsItArrives() {
        User mei = newUser();
        User lin = newUser();
        try (var meis = LiveClient.connect(port, mei.token(), true)) {
            publish(new FeedEvent.PostLiked(UUID.randomUUID().toString(), "post-9", mei.id(), lin.id(), Instant.now(),
                    1));

            var frame = meis.await("notification.new", f -> true);
            assertThat(frame.path("notification").path("type").asString()).isEqualTo("POST_LIKED");
            assertThat(frame.path("notification").path("actorId").asString()).isEqualTo(lin.id());
        }
    }

    @Test
    void aHandshakeWithoutAValidTokenIsRefused() {
        assertThat(handshake(null, false)).isEqualTo(401);
        assertThat(handshake(TestTokens.issue(UUID.randomUUID().toString()) + "x", true)).isEqualTo(401);
        assertThat(handshake(TestTokens.issue(UUID.randomUUID().toString()), true)).isEqualTo(101);
    }

    /** The handshake's status: 101 where the socket opened. */
    private int handshake(String token, boolean asQueryParameter) {
        try {
            LiveClient.connect(port, token, asQueryParameter).close();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }
}
