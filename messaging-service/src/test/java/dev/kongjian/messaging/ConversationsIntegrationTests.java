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

import dev.kongjian.events.UserEvent;
import dev.kongjian.kit.users.UserDirectory;

class ConversationsIntegrationTests extends MessagingServiceTestSupport {

    @Test
    void aDirectChatIsBetweenFriendsAndThereIsOnePerPair() {
        User mei = newUser();
        User lin = newUser();
        String body = "{\"type\":\"DIRECT\",\"memberIds\":[\"%s\"]}";

        assertProblem(http.send("POST", "/api/v1/conversations", mei.token(), body.formatted(lin.id())), 403);
        befriend(mei, lin);
        var started = http.send("POST", "/api/v1/conversations", mei.token(), body.formatted(lin.id()));
        var again = http.send("POST", "/api/v1/conversations", lin.token(), body.formatted(mei.id()));

        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(started.json().path("type").asString()).isEqualTo("DIRECT");
        assertThat(started.json().path("memberIds").toString()).contains(mei.id(), lin.id());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asString()).isEqualTo(started.json().path("id").asString());
        assertProblem(http.send("POST", "/api/v1/conversations", mei.token(), body.formatted(mei.id())), 400);
        assertProblem(http.send("POST", "/api/v1/conversations", mei.token(),
                "{\"type\":\"DIRECT\",\"memberIds\":[\"%s\",\"%s\"]}".formatted(lin.id(), newUser().id())), 400);
        assertProblem(http.send("POST", "/api/v1/conversations", mei.token(), body.formatted("nobody")), 404);
        assertProblem(http.send("POST", "/api/v1/conversations", mei.token(), "{\"type\":\"CHANNEL\",\"memberIds\":[\"x\"]}"),
                400);
    }

    @Test
    void aFriendshipTooNewForTheReplicaIsConfirmedWithUserService() {
        User mei = newUser();
        User lin = newUser();
        User kai = newUser();
        org.mockito.Mockito.when(directory.relationTo(lin.id())).thenReturn(UserDirectory.Relation.FRIEND);
        org.mockito.Mockito.when(directory.relationTo(kai.id())).thenReturn(UserDirectory.Relation.OTHER);
        org.mockito.Mockito.when(directory.relationTo("just-registered")).thenReturn(UserDirectory.Relation.OTHER);
        String body = "{\"type\":\"DIRECT\",\"memberIds\":[\"%s\"]}";

        var started = http.send("POST", "/api/v1/conversations", mei.token(), body.formatted(lin.id()));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        send(mei, started.json().path("id").asString(), "we are friends now");
        assertProblem(http.send("POST", "/api/v1/conversations", mei.token(), body.formatted(kai.id())), 403);
        var group = http.send("POST", "/api/v1/conversations", mei.token(),
                "{\"type\":\"GROUP\",\"memberIds\":[\"just-registered\"]}");
        assertThat(group.status()).as(group.body()).isEqualTo(201);
    }

    @Test
    void aBlockOrAnEndedFriendshipStopsADirectChat() {
        User mei = newUser();
        User lin = newUser();
        befriend(mei, lin);
        String chat = direct(mei, lin);
        send(mei, chat, "hello");

        publish(new UserEvent.FriendshipEnded(UUID.randomUUID().toString(), mei.id(), lin.id(), Instant.now(), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> !contacts.areFriends(mei.id(), lin.id()));

        assertProblem(http.send("POST", "/api/v1/conversations/" + chat + "/messages", lin.token(),
                "{\"clientMessageId\":\"c1\",\"text\":\"still there?\"}"), 403);
        assertThat(http.send("GET", "/api/v1/conversations/" + chat + "/messages", lin.token(), null).status())
                .isEqualTo(200);
        User kai = newUser();
        befriend(mei, kai);
        publish(new UserEvent.UserBlocked(UUID.randomUUID().toString(), kai.id(), mei.id(), Instant.now(), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> contacts.blockedEitherWay(mei.id(), kai.id()));
        assertProblem(http.send("POST", "/api/v1/conversations", mei.token(),
                "{\"type\":\"DIRECT\",\"memberIds\":[\"%s\"]}".formatted(kai.id())), 404);
    }

    @Test
    void theOwnerRunsAGroupAndAMemberMayLeave() {
        User mei = newUser();
        User lin = newUser();
        User kai = newUser();
        User ann = newUser();
        String group = group(mei, lin, kai);

        var shown = http.send("GET", "/api/v1/conversations/" + group, lin.token(), null).json();
        assertThat(shown.path("ownerId").asString()).isEqualTo(mei.id());
        assertThat(shown.path("title").asString()).isEqualTo("Hotpot");
        assertProblem(http.send("POST", "/api/v1/conversations/" + group + "/members", lin.token(),
                "{\"userIds\":[\"%s\"]}".formatted(ann.id())), 403);
        var added = http.send("POST", "/api/v1/conversations/" + group + "/members", mei.token(),
                "{\"userIds\":[\"%s\"]}".formatted(ann.id()));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().path("memberIds")).hasSize(4);
        assertThat(http.send("GET", "/api/v1/conversations/" + group, ann.token(), null).status()).isEqualTo(200);
        assertProblem(http.send("PATCH", "/api/v1/conversations/" + group, lin.token(), "{\"title\":\"Mine\"}"), 403);
        var renamed = http.send("PATCH", "/api/v1/conversations/" + group, mei.token(),
                "{\"title\":\" Hotpot Friday \"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(http.send("GET", "/api/v1/conversations/" + group, lin.token(), null).json().path("title")
                .asString()).isEqualTo("Hotpot Friday");
        assertProblem(http.send("PATCH", "/api/v1/conversations/" + group, mei.token(), "{}"), 400);
        assertThat(http.send("PATCH", "/api/v1/conversations/" + group, mei.token(), "{\"title\":\"\"}").json()
                .path("title").isNull()).isTrue();

        assertProblem(http.send("DELETE", "/api/v1/conversations/" + group + "/members/" + kai.id(), lin.token(),
                null), 403);
        assertThat(http.send("DELETE", "/api/v1/conversations/" + group + "/members/" + lin.id(), lin.token(), null)
                .status()).isEqualTo(204);
        assertProblem(http.send("GET", "/api/v1/conversations/" + group, lin.token(), null), 404);
        assertProblem(http.send("POST", "/api/v1/conversations/" + group + "/messages", lin.token(),
                "{\"clientMessageId\":\"c1\",\"text\":\"hi\"}"), 404);
        assertThat(http.send("DELETE", "/api/v1/conversations/" + group + "/members/" + kai.id(), mei.token(), null)
                .status()).isEqualTo(204);
        // the owner leaves: the group passes on
        assertThat(http.send("DELETE", "/api/v1/conversations/" + group + "/members/" + mei.id(), mei.token(), null)
                .status()).isEqualTo(204);
        assertThat(http.send("GET", "/api/v1/conversations/" + group, ann.token(), null).json().path("ownerId")
                .asString()).isEqualTo(ann.id());
        assertProblem(http.send("POST", "/api/v1/conversations/" + group + "/members", ann.token(),
                "{\"userIds\":[\"nobody\"]}"), 404);
    }

    @Test
    void aGroupHasAtMostFiveHundredMembersAndOnlyPeopleWhoExist() {
        User mei = newUser();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add("\"" + UUID.randomUUID() + "\"");
        }
        assertProblem(http.send("POST", "/api/v1/conversations", mei.token(),
                "{\"type\":\"GROUP\",\"memberIds\":[" + String.join(",", many) + "]}"), 400);
        assertProblem(http.send("POST", "/api/v1/conversations", mei.token(),
                "{\"type\":\"GROUP\",\"memberIds\":[\"nobody\"]}"), 404);
        assertProblem(http.send("POST", "/api/v1/conversations", mei.token(),
                "{\"type\":\"GROUP\",\"memberIds\":[]}"), 400);
        String chat = direct(mei, befriended(mei));
        assertProblem(http.send("POST", "/api/v1/conversations/" + chat + "/members",
                mei.token(), "{\"userIds\":[\"%s\"]}".formatted(newUser().id())), 400);
        var untitled = http.send("PATCH", "/api/v1/conversations/" + chat, mei.token(), "{\"title\":\"Us\"}");
        assertProblem(untitled, 400);
        assertThat(untitled.json().path("errors").get(0).path("message").asString())
                .isEqualTo("a direct chat has no title");
    }

    @Test
    void outsidersLearnNothingOfAConversation() {
        User mei = newUser();
        User lin = newUser();
        User stranger = newUser();
        String group = group(mei, lin);

        assertProblem(http.send("GET", "/api/v1/conversations/" + group, stranger.token(), null), 404);
        assertProblem(http.send("GET", "/api/v1/conversations/" + group + "/messages", stranger.token(), null), 404);
        assertProblem(http.send("POST", "/api/v1/conversations/" + group + "/messages", stranger.token(),
                "{\"clientMessageId\":\"c1\",\"text\":\"hi\"}"), 404);
        assertProblem(http.send("POST", "/api/v1/conversations/" + group + "/read", stranger.token(), "{\"seq\":1}"),
                404);
        assertProblem(http.send("GET", "/api/v1/conversations/no-such-one", stranger.token(), null), 404);
    }

    @Test
    void theListShowsTheMostRecentlyActiveFirstWithWhatIsUnread() {
        User mei = newUser();
        User lin = newUser();
        User kai = newUser();
        String first = group(mei, lin);
        String second = group(mei, kai);
        send(lin, first, "one");
        send(kai, second, "two");
        send(lin, first, "three");
        send(mei, first, "four");
        send(lin, first, "five");

        var page = http.send("GET", "/api/v1/conversations?limit=1", mei.token(), null).json();
        var top = page.path("items").get(0);
        assertThat(top.path("id").asString()).isEqualTo(first);
        assertThat(top.path("lastMessage").path("text").asString()).isEqualTo("five");
        assertThat(top.path("lastMessage").path("seq").asLong()).isEqualTo(4);
        // her own "four" read everything before it
        assertThat(top.path("unreadCount").asLong()).isEqualTo(1);
        var next = http.send("GET", "/api/v1/conversations?limit=1&cursor=" + page.path("nextCursor").asString(),
                mei.token(), null).json();
        assertThat(next.path("items").get(0).path("id").asString()).isEqualTo(second);
        assertThat(next.path("items").get(0).path("unreadCount").asLong()).isEqualTo(1);
        assertThat(next.path("nextCursor").isNull()).isTrue();
        assertProblem(http.send("GET", "/api/v1/conversations?limit=101", mei.token(), null), 400);
    }

    private User befriended(User user) {
        User friend = newUser();
        befriend(user, friend);
        return friend;
    }
}
