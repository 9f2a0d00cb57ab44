package dev.kongjian.messaging;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kongjian.events.FeedEvent;
import dev.kongjian.events.MallEvent;
import dev.kongjian.events.UserEvent;
import tools.jackson.databind.JsonNode;

class NotificationsIntegrationTests extends MessagingServiceTestSupport {

    @Test
    void friendRequestsAndTheirAcceptanceAreNotifiedOnceEach() {
        User mei = newUser();
        User lin = newUser();
        var asked = new UserEvent.FriendRequestSent(UUID.randomUUID().toString(), mei.id(), "request-1", lin.id(),
                "hi", Instant.now(), 1);
        publish(asked);
        publish(asked); // redelivered
        publish(new UserEvent.FriendshipCreated(UUID.randomUUID().toString(), mei.id(), lin.id(), Instant.now(), 1));

        JsonNode request = awaitOne(lin, "FRIEND_REQUEST");
        assertThat(request.path("actorId").asString()).isEqualTo(mei.id());
        assertThat(request.path("requestId").asString()).isEqualTo("request-1");
        assertThat(request.path("read").asBoolean()).isFalse();
        assertThat(awaitOne(mei, "FRIEND_ACCEPTED").path("actorId").asString()).isEqualTo(lin.id());
        assertThat(types(lin)).containsExactly("FRIEND_REQUEST");
    }

    @Test
    void likesCommentsAndMentionsReachThoseWhoMaySeeThemButNotForOnesOwnDoing() {
        User mei = newUser();
        User lin = newUser();
        User kai = newUser();
        befriend(mei, lin);
        publish(new FeedEvent.PostLiked(UUID.randomUUID().toString(), "post-1", mei.id(), lin.id(), Instant.now(), 1));
        publish(new FeedEvent.PostLiked(UUID.randomUUID().toString(), "post-1", mei.id(), mei.id(), Instant.now(), 1));
        publish(new FeedEvent.CommentCreated(UUID.randomUUID().toString(), "post-1", mei.id(), "comment-1", lin.id(),
                null, Instant.now(), 1));
        // friends-only post mentioning a friend and a stranger; a private one mentioning the friend
        publish(new FeedEvent.PostCreated(UUID.randomUUID().toString(), "post-2", mei.id(),
                FeedEvent.Visibility.FRIENDS, List.of(lin.id(), kai.id()), List.of(), null, Instant.now(), 1));
        publish(new FeedEvent.PostCreated(UUID.randomUUID().toString(), "post-3", mei.id(),
                FeedEvent.Visibility.PRIVATE, List.of(lin.id()), List.of(), null, Instant.now(), 1));
        publish(new FeedEvent.PostCreated(UUID.randomUUID().toString(), "post-4", lin.id(),
                FeedEvent.Visibility.PUBLIC, List.of(kai.id()), List.of(), null, Instant.now(), 1));

        assertThat(awaitOne(mei, "POST_LIKED").path("postId").asString()).isEqualTo("post-1");
        assertThat(awaitOne(mei, "COMMENT").path("commentId").asString()).isEqualTo("comment-1");
        assertThat(awaitOne(lin, "MENTION").path("postId").asString()).isEqualTo("post-2");
        assertThat(awaitOne(kai, "MENTION").path("postId").asString()).isEqualTo("post-4");
        // (and Lin's acceptance of their friendship)
        assertThat(types(mei)).containsExactlyInAnyOrder("POST_LIKED", "COMMENT", "FRIEND_ACCEPTED");
        assertThat(types(lin)).containsExactly("MENTION");
        assertThat(types(kai)).containsExactly("MENTION");
    }

    @Test
    void aGiftTellsTheReceiverWhoSentItAndTheBuyerOfThePurchase() {
        User mei = newUser();
        User lin = newUser();
        publish(new MallEvent.ItemGranted(UUID.randomUUID().toString(), lin.id(), "order-1", "rose", MallEvent.Category.GIFT,
                1, null, mei.id(), Instant.now(), 1));
        publish(new MallEvent.VipGranted(UUID.randomUUID().toString(), mei.id(), "order-2",
                Instant.now().plus(Duration.ofDays(30)), Instant.now(), 1));

        JsonNode gift = awaitOne(lin, "GIFT");
        assertThat(gift.path("actorId").asString()).isEqualTo(mei.id());
        assertThat(gift.path("itemId").asString()).isEqualTo("rose");
        await().atMost(Duration.ofSeconds(30)).until(() -> types(mei).size() == 2);
        assertThat(types(mei)).containsOnly("PURCHASE");
        assertThat(types(lin)).containsExactly("GIFT");
    }

    @Test
    void nothingArrivesFromSomeoneEitherSideBlocked() {
        User mei = newUser();
        User lin = newUser();
        publish(new UserEvent.UserBlocked(UUID.randomUUID().toString(), mei.id(), lin.id(), Instant.now(), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> contacts.blockedEitherWay(mei.id(), lin.id()));
        publish(new FeedEvent.PostLiked(UUID.randomUUID().toString(), "post-1", mei.id(), lin.id(), Instant.now(), 1));
        User kai = newUser();
        publish(new FeedEvent.PostLiked(UUID.randomUUID().toString(), "post-1", mei.id(), kai.id(), Instant.now(), 1));

        awaitOne(mei, "POST_LIKED");
        assertThat(list(mei)).hasSize(1);
        assertThat(list(mei).getFirst().path("actorId").asString()).isEqualTo(kai.id());
    }

    @Test
    void markingReadCoversTheNotificationAndEveryOlderOne() {
        User mei = newUser();
        for (int i = 0; i < 3; i++) {
            publish(new FeedEvent.PostLiked(UUID.randomUUID().toString(), "post-" + i, mei.id(), newUser().id(),
                    Instant.now().plusMillis(i * 10L), 1));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> list(mei).size() == 3);
        List<JsonNode> newestFirst = list(mei);
        assertThat(http.send("GET", "/api/v1/notifications/unread", mei.token(), null).json().path("unreadCount")
                .asLong()).isEqualTo(3);

        var marked = http.send("POST", "/api/v1/notifications/read", mei.token(),
                "{\"upToId\":\"%s\"}".formatted(newestFirst.get(1).path("id").asString()));

        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(marked.json().path("unreadCount").asLong()).isEqualTo(1);
        assertThat(list(mei)).extracting(n -> n.path("read").asBoolean()).containsExactly(false, true, true);
        assertThat(http.send("GET", "/api/v1/notifications/unread", mei.token(), null).json().path("unreadCount")
                .asLong()).isEqualTo(1);
        assertProblem(http.send("POST", "/api/v1/notifications/read", newUser().token(),
                "{\"upToId\":\"%s\"}".formatted(newestFirst.get(0).path("id").asString())), 404);
        assertProblem(http.send("POST", "/api/v1/notifications/read", mei.token(), "{}"), 400);
        var page = http.send("GET", "/api/v1/notifications?limit=2", mei.token(), null).json();
        assertThat(page.path("items")).hasSize(2);
        assertThat(http.send("GET", "/api/v1/notifications?cursor=" + page.path("nextCursor").asString(), mei.token(),
                null).json().path("items")).hasSize(1);
    }

    private JsonNode awaitOne(User user, String type) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> list(user).stream()
                .filter(n -> n.path("type").asString().equals(type)).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    private List<String> types(User user) {
        return list(user).stream().map(n -> n.path("type").asString()).toList();
    }

    private List<JsonNode> list(User user) {
        var answer = http.send("GET", "/api/v1/notifications", user.token(), null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        answer.json().path("items").forEach(items::add);
        return items;
    }
}
