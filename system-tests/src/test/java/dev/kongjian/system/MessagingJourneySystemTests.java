package dev.kongjian.system;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.kongjian.system.People.User;

/** messaging-service through the gateway of the running stack: a chat between friends, live and caught up, and notifications. */
class MessagingJourneySystemTests extends Journey {

    @Test
    void friendsChatLiveOverTheWebSocketAndCatchUpAfterwards() {
        User mei = People.signUp(gateway, "Mei");
        User lin = People.signUp(gateway, "Lin");
        User stranger = People.signUp(gateway, "Stranger");
        People.befriend(gateway, mei, lin);

        // at once: where messaging-service's replica has not heard of the friendship yet, user-service is asked
        var started = gateway.send("POST", "/api/v1/conversations", mei.token(),
                "{\"type\":\"DIRECT\",\"memberIds\":[\"%s\"]}".formatted(lin.id()));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String chat = started.json().path("id").asString();
        assertProblem(gateway.send("POST", "/api/v1/conversations", stranger.token(),
                "{\"type\":\"DIRECT\",\"memberIds\":[\"%s\"]}".formatted(mei.id())), 403);

        List<String> linsFrames = new CopyOnWriteArrayList<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(gateway.base().replace("http", "ws") + "/ws?access_token=" + lin.token()),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                linsFrames.add(data.toString());
                                webSocket.request(1);
                                return null;
                            }
                        })
                .join();
        try {
            // the gateway answers the handshake before it has reached messaging-service: "ready" says it has
            await().atMost(Duration.ofSeconds(15)).until(() -> linsFrames.stream()
                    .anyMatch(frame -> frame.contains("\"ready\"")));
            String clientMessageId = UUID.randomUUID().toString();
            String body = "{\"clientMessageId\":\"%s\",\"text\":\"hotpot tonight?\"}".formatted(clientMessageId);
            var sent = gateway.send("POST", "/api/v1/conversations/" + chat + "/messages", mei.token(), body);
            assertThat(sent.status()).as(sent.body()).isEqualTo(201);
            assertThat(sent.json().path("seq").asLong()).isEqualTo(1);
            var retried = gateway.send("POST", "/api/v1/conversations/" + chat + "/messages", mei.token(), body);
            assertThat(retried.json().path("id").asString()).isEqualTo(sent.json().path("id").asString());

            await().atMost(Duration.ofSeconds(15)).until(() -> linsFrames.stream()
                    .anyMatch(frame -> frame.contains("\"message.new\"") && frame.contains("hotpot tonight?")));

            // a slip of the thumb, taken back: the message keeps its place, without its text
            var slip = gateway.send("POST", "/api/v1/conversations/" + chat + "/messages", mei.token(),
                    "{\"clientMessageId\":\"%s\",\"text\":\"for the other chat\"}".formatted(UUID.randomUUID()));
            String slipId = slip.json().path("id").asString();
            assertThat(gateway.send("DELETE", "/api/v1/conversations/" + chat + "/messages/" + slipId, mei.token(),
                    null).status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(15)).until(() -> linsFrames.stream()
                    .anyMatch(frame -> frame.contains("\"message.recalled\"") && frame.contains(slipId)));
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }

        gateway.send("POST", "/api/v1/conversations/" + chat + "/messages", mei.token(),
                "{\"clientMessageId\":\"%s\",\"text\":\"7pm\"}".formatted(UUID.randomUUID()));
        var caughtUp = gateway.send("GET", "/api/v1/conversations/" + chat + "/messages?afterSeq=1", lin.token(), null);
        assertThat(caughtUp.status()).as(caughtUp.body()).isEqualTo(200);
        assertThat(caughtUp.json().path("items").get(0).path("recalledAt").asString()).isNotBlank();
        assertThat(caughtUp.json().path("items").get(0).path("text").isNull()).isTrue();
        assertThat(caughtUp.json().path("items").get(1).path("text").asString()).isEqualTo("7pm");
        var listed = gateway.send("GET", "/api/v1/conversations", lin.token(), null).json().path("items").get(0);
        assertThat(listed.path("id").asString()).isEqualTo(chat);
        assertThat(listed.path("unreadCount").asLong()).isEqualTo(3);
        assertThat(gateway.send("POST", "/api/v1/conversations/" + chat + "/read", lin.token(), "{\"seq\":3}").status())
                .isEqualTo(200);
        assertThat(gateway.send("GET", "/api/v1/conversations/" + chat, lin.token(), null).json().path("unreadCount")
                .asLong()).isZero();
        assertProblem(gateway.send("GET", "/api/v1/conversations/" + chat, stranger.token(), null), 404);
    }

    @Test
    void aFriendRequestAndALikeBecomeNotifications() {
        User mei = People.signUp(gateway, "Mei");
        User lin = People.signUp(gateway, "Lin");
        People.befriend(gateway, mei, lin);
        var posted = gateway.send("POST", "/api/v1/posts", mei.token(), "{\"text\":\"spring rolls\",\"visibility\":\"FRIENDS\"}");
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> gateway
                .send("PUT", "/api/v1/posts/" + posted.json().path("id").asString() + "/like", lin.token(), null)
                .status() == 200);

        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> {
            String body = gateway.send("GET", "/api/v1/notifications", mei.token(), null).body();
            return body.contains("POST_LIKED") && body.contains("FRIEND_ACCEPTED");
        });
        var linsNotifications = await().atMost(Duration.ofSeconds(15)).pollInterval(POLL)
                .until(() -> gateway.send("GET", "/api/v1/notifications", lin.token(), null).json().path("items"),
                        items -> items.toString().contains("FRIEND_REQUEST"));
        var marked = gateway.send("POST", "/api/v1/notifications/read", lin.token(),
                "{\"upToId\":\"%s\"}".formatted(linsNotifications.get(0).path("id").asString()));
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(marked.json().path("unreadCount").asLong()).isZero();
        assertThat(gateway.send("GET", "/api/v1/notifications/unread", lin.token(), null).json().path("unreadCount")
                .asLong()).isZero();
    }
}
