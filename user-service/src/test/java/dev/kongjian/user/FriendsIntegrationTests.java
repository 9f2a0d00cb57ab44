package dev.kongjian.user;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.kongjian.events.UserEvent;
import dev.kongjian.testing.HttpTestClient;

class FriendsIntegrationTests extends UserServiceTestSupport {

    @Test
    void aRequestAcceptedMakesBothFriendsAndIsAnnounced() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");

        var request = http.send("POST", "/api/v1/friends/requests", mei.token(),
                "{\"toUserId\":\"%s\",\"message\":\"hi!\"}".formatted(lin.id()));
        assertThat(request.status()).as(request.body()).isEqualTo(201);
        String requestId = request.json().path("id").asString();
        var sent = awaitEvent(UserEvent.FriendRequestSent.class, e -> e.requestId().equals(requestId));
        assertThat(sent.userId()).isEqualTo(mei.id());
        assertThat(sent.toUserId()).isEqualTo(lin.id());
        assertThat(sent.message()).isEqualTo("hi!");
        assertThat(http.send("GET", "/api/v1/friends/requests?direction=incoming", lin.token(), null).json()
                .path("items").get(0).path("fromUserId").asString()).isEqualTo(mei.id());
        assertThat(http.send("GET", "/api/v1/friends/requests?direction=outgoing", mei.token(), null).json()
                .path("items").get(0).path("toUserId").asString()).isEqualTo(lin.id());

        assertProblem(http.send("POST", "/api/v1/friends/requests/" + requestId + "/accept", mei.token(), null), 403);
        assertThat(http.send("POST", "/api/v1/friends/requests/" + requestId + "/accept", lin.token(), null).status())
                .isEqualTo(200);

        assertThat(friendIds(mei)).containsExactly(lin.id());
        assertThat(friendIds(lin)).containsExactly(mei.id());
        assertThat(http.send("GET", "/api/v1/users/" + lin.id(), mei.token(), null).json().path("isFriend")
                .asBoolean()).isTrue();
        assertThat(http.send("GET", "/api/v1/friends/requests?direction=incoming", lin.token(), null).json()
                .path("items")).isEmpty();
        awaitEvent(UserEvent.FriendshipCreated.class, e -> e.userId().equals(mei.id()) && e.friendId().equals(lin.id()));
    }

    @Test
    void theApisRefusalsHaveTheirCodes() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        User stranger = newUser("Stranger");
        String body = "{\"toUserId\":\"%s\"}".formatted(lin.id());

        assertThat(http.send("POST", "/api/v1/friends/requests", mei.token(), body).status()).isEqualTo(201);
        assertProblem(http.send("POST", "/api/v1/friends/requests", mei.token(), body), 409);
        assertProblem(http.send("POST", "/api/v1/friends/requests", lin.token(),
                "{\"toUserId\":\"%s\"}".formatted(mei.id())), 409);
        // the refused ones announced nothing
        awaitEvent(UserEvent.FriendRequestSent.class, e -> e.toUserId().equals(lin.id()));
        assertThat(dev.kongjian.testing.EventCapture.of(dev.kongjian.events.Topics.USER_EVENTS).published(
                UserEvent.FriendRequestSent.class, e -> e.toUserId().equals(lin.id()) || e.toUserId().equals(mei.id())))
                .hasSize(1);
        assertProblem(http.send("POST", "/api/v1/friends/requests", mei.token(), "{\"toUserId\":\"nobody\"}"), 404);
        assertProblem(http.send("POST", "/api/v1/friends/requests", mei.token(),
                "{\"toUserId\":\"%s\"}".formatted(mei.id())), 400);
        assertProblem(http.send("POST", "/api/v1/friends/requests", mei.token(), "{}"), 400);
        String requestId = http.send("GET", "/api/v1/friends/requests?direction=incoming", lin.token(), null).json()
                .path("items").get(0).path("id").asString();
        assertProblem(http.send("POST", "/api/v1/friends/requests/" + requestId + "/accept", stranger.token(), null),
                404);
        assertProblem(http.send("GET", "/api/v1/friends/requests?direction=sideways", lin.token(), null), 400);

        http.send("POST", "/api/v1/friends/requests/" + requestId + "/accept", lin.token(), null);
        assertProblem(http.send("POST", "/api/v1/friends/requests", mei.token(), body), 409);
    }

    @Test
    void aDeclinedRequestLeavesNoFriendship() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        String requestId = http.send("POST", "/api/v1/friends/requests", mei.token(),
                "{\"toUserId\":\"%s\"}".formatted(lin.id())).json().path("id").asString();

        var declined = http.send("POST", "/api/v1/friends/requests/" + requestId + "/decline", lin.token(), null);

        assertThat(declined.status()).isEqualTo(200);
        assertThat(declined.json().path("status").asString()).isEqualTo("DECLINED");
        assertThat(friendIds(mei)).isEmpty();
        assertThat(http.send("POST", "/api/v1/friends/requests", mei.token(),
                "{\"toUserId\":\"%s\"}".formatted(lin.id())).status()).isEqualTo(201);
    }

    @Test
    void answeringAgainGetsTheSameAnswerAndTheOtherAnswerIsAConflict() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        User stranger = newUser("Stranger");
        String requestId = http.send("POST", "/api/v1/friends/requests", mei.token(),
                "{\"toUserId\":\"%s\",\"message\":\"hi!\"}".formatted(lin.id())).json().path("id").asString();
        String accept = "/api/v1/friends/requests/" + requestId + "/accept";

        var first = http.send("POST", accept, lin.token(), null);
        // the app retries after losing the first answer
        var again = http.send("POST", accept, lin.token(), null);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.json().path("status").asString()).isEqualTo("ACCEPTED");
        var conflict = http.send("POST", "/api/v1/friends/requests/" + requestId + "/decline", lin.token(), null);
        assertProblem(conflict, 409);
        assertThat(conflict.json().path("detail").asString()).isEqualTo("That friend request was already accepted");
        assertProblem(http.send("POST", accept, mei.token(), null), 403);
        assertProblem(http.send("POST", accept, stranger.token(), null), 404);
        assertThat(friendIds(lin)).containsExactly(mei.id());
        awaitEvent(UserEvent.FriendshipCreated.class,
                e -> e.userId().equals(mei.id()) && e.friendId().equals(lin.id()));
        assertThat(dev.kongjian.testing.EventCapture.of(dev.kongjian.events.Topics.USER_EVENTS).published(
                UserEvent.FriendshipCreated.class, e -> e.userId().equals(mei.id()))).hasSize(1);

        String declined = http.send("POST", "/api/v1/friends/requests", stranger.token(),
                "{\"toUserId\":\"%s\"}".formatted(lin.id())).json().path("id").asString();
        assertThat(http.send("POST", "/api/v1/friends/requests/" + declined + "/decline", lin.token(), null).status())
                .isEqualTo(200);
        assertThat(http.send("POST", "/api/v1/friends/requests/" + declined + "/decline", lin.token(), null).json()
                .path("status").asString()).isEqualTo("DECLINED");
        assertProblem(http.send("POST", "/api/v1/friends/requests/" + declined + "/accept", lin.token(), null), 409);
        assertThat(friendIds(lin)).containsExactly(mei.id());
    }

    @Test
    void requestsFromBothSidesAtOnceLeaveOnePendingRequest() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");

        var fromMei = CompletableFuture.supplyAsync(() -> http.send("POST", "/api/v1/friends/requests", mei.token(),
                "{\"toUserId\":\"%s\"}".formatted(lin.id())));
        var fromLin = CompletableFuture.supplyAsync(() -> http.send("POST", "/api/v1/friends/requests", lin.token(),
                "{\"toUserId\":\"%s\"}".formatted(mei.id())));
        HttpTestClient.Answer first = fromMei.join();
        HttpTestClient.Answer second = fromLin.join();

        assertThat(List.of(first.status(), second.status())).containsExactlyInAnyOrder(201, 409);
        var incoming = http.send("GET", "/api/v1/friends/requests?direction=incoming", mei.token(), null).json()
                .path("items").size()
                + http.send("GET", "/api/v1/friends/requests?direction=incoming", lin.token(), null).json()
                        .path("items").size();
        assertThat(incoming).isEqualTo(1);
        assertThat(friendIds(mei)).isEmpty();
    }

    @Test
    void unfriendingEndsItForBoth() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        befriend(mei, lin);

        assertThat(http.send("DELETE", "/api/v1/friends/" + lin.id(), mei.token(), null).status()).isEqualTo(204);

        assertThat(friendIds(mei)).isEmpty();
        assertThat(friendIds(lin)).isEmpty();
        assertProblem(http.send("DELETE", "/api/v1/friends/" + lin.id(), mei.token(), null), 404);
        awaitEvent(UserEvent.FriendshipEnded.class, e -> e.userId().equals(mei.id()) && e.friendId().equals(lin.id()));

        befriend(lin, mei);
        assertThat(friendIds(mei)).containsExactly(lin.id());
    }

    @Test
    void blockingEndsTheFriendshipAndHidesEachFromTheOther() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        befriend(mei, lin);

        assertThat(http.send("POST", "/api/v1/blocks/" + lin.id(), mei.token(), null).status()).isEqualTo(204);

        assertThat(friendIds(mei)).isEmpty();
        assertProblem(http.send("GET", "/api/v1/users/" + mei.id(), lin.token(), null), 404);
        assertProblem(http.send("GET", "/api/v1/users/" + lin.id(), mei.token(), null), 404);
        assertProblem(http.send("POST", "/api/v1/friends/requests", lin.token(),
                "{\"toUserId\":\"%s\"}".formatted(mei.id())), 404);
        assertThat(http.send("GET", "/api/v1/users?query=" + mei.username(), lin.token(), null).json().path("items"))
                .isEmpty();
        awaitEvent(UserEvent.UserBlocked.class, e -> e.userId().equals(mei.id()) && e.blockedUserId().equals(lin.id()));

        assertThat(http.send("DELETE", "/api/v1/blocks/" + lin.id(), mei.token(), null).status()).isEqualTo(204);
        assertThat(http.send("GET", "/api/v1/users/" + mei.id(), lin.token(), null).status()).isEqualTo(200);
        awaitEvent(UserEvent.UserUnblocked.class, e -> e.userId().equals(mei.id()));

        assertThat(http.send("POST", "/api/v1/blocks/" + lin.id(), mei.token(), null).status()).isEqualTo(204);
        assertProblem(http.send("GET", "/api/v1/users/" + mei.id(), lin.token(), null), 404);
    }

    @Test
    void anAcceptAndADeclineAtOnceEndWithOneAnswerAndItsEffect() {
        for (int round = 0; round < 5; round++) {
            User mei = newUser("Mei");
            User lin = newUser("Lin");
            String requestId = http.send("POST", "/api/v1/friends/requests", mei.token(),
                    "{\"toUserId\":\"%s\"}".formatted(lin.id())).json().path("id").asString();

            var accepting = CompletableFuture.supplyAsync(() -> http.send("POST",
                    "/api/v1/friends/requests/" + requestId + "/accept", lin.token(), null));
            var declining = CompletableFuture.supplyAsync(() -> http.send("POST",
                    "/api/v1/friends/requests/" + requestId + "/decline", lin.token(), null));
            int accepted = accepting.join().status();
            int declined = declining.join().status();

            assertThat(List.of(accepted, declined)).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            assertThat(friendIds(lin)).as("round %d", round).hasSize(accepted == 200 ? 1 : 0);
            assertThat(http.send("GET", "/api/v1/friends/requests?direction=incoming", lin.token(), null).json()
                    .path("items")).isEmpty();
        }
    }

    @Test
    void listsOfPeopleShowEachOnesNameAndAvatar() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        http.send("PATCH", "/api/v1/users/me", lin.token(), "{\"avatarMediaId\":\"lin-face\"}");
        http.send("POST", "/api/v1/friends/requests", lin.token(), "{\"toUserId\":\"%s\"}".formatted(mei.id()));

        var incoming = http.send("GET", "/api/v1/friends/requests?direction=incoming", mei.token(), null).json()
                .path("items").get(0);
        assertThat(incoming.path("from").path("displayName").asString()).isEqualTo("Lin");
        assertThat(incoming.path("from").path("username").asString()).isEqualTo(lin.username());
        assertThat(incoming.path("from").path("avatarMediaId").asString()).isEqualTo("lin-face");
        assertThat(incoming.path("to").path("displayName").asString()).isEqualTo("Mei");

        var accepted = http.send("POST", "/api/v1/friends/requests/" + incoming.path("id").asString() + "/accept",
                mei.token(), null).json();
        assertThat(accepted.path("from").path("displayName").asString()).isEqualTo("Lin");
        var friend = http.send("GET", "/api/v1/friends", mei.token(), null).json().path("items").get(0);
        assertThat(friend.path("userId").asString()).isEqualTo(lin.id());
        assertThat(friend.path("username").asString()).isEqualTo(lin.username());
        assertThat(friend.path("displayName").asString()).isEqualTo("Lin");
        assertThat(friend.path("avatarMediaId").asString()).isEqualTo("lin-face");
        assertThat(friend.path("since").asString()).isNotBlank();
    }

    @Test
    void theBlockListShowsWhomOneBlockedNewestFirstUntilTheBlockIsLifted() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        User bo = newUser("Bo");
        http.send("POST", "/api/v1/blocks/" + lin.id(), mei.token(), null);
        http.send("POST", "/api/v1/blocks/" + bo.id(), mei.token(), null);
        // blocked once is blocked once
        http.send("POST", "/api/v1/blocks/" + bo.id(), mei.token(), null);

        var page = http.send("GET", "/api/v1/blocks?limit=1", mei.token(), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("items").get(0).path("userId").asString()).isEqualTo(bo.id());
        assertThat(page.json().path("items").get(0).path("displayName").asString()).isEqualTo("Bo");
        var next = http.send("GET", "/api/v1/blocks?limit=1&cursor=" + page.json().path("nextCursor").asString(),
                mei.token(), null).json();
        assertThat(next.path("items").get(0).path("userId").asString()).isEqualTo(lin.id());
        assertThat(next.path("items").get(0).path("username").asString()).isEqualTo(lin.username());
        assertThat(next.path("nextCursor").isNull()).isTrue();
        // the blocked do not see that list, nor are they shown anyone else's
        assertThat(http.send("GET", "/api/v1/blocks", lin.token(), null).json().path("items")).isEmpty();

        http.send("DELETE", "/api/v1/blocks/" + bo.id(), mei.token(), null);
        var left = http.send("GET", "/api/v1/blocks", mei.token(), null).json().path("items");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("userId").asString()).isEqualTo(lin.id());
        assertProblem(http.send("GET", "/api/v1/blocks?limit=101", mei.token(), null), 400);
    }

    private void befriend(User a, User b) {
        String requestId = http.send("POST", "/api/v1/friends/requests", a.token(),
                "{\"toUserId\":\"%s\"}".formatted(b.id())).json().path("id").asString();
        assertThat(http.send("POST", "/api/v1/friends/requests/" + requestId + "/accept", b.token(), null).status())
                .isEqualTo(200);
    }

    private java.util.List<String> friendIds(User user) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        http.send("GET", "/api/v1/friends", user.token(), null).json().path("items")
                .forEach(friend -> ids.add(friend.path("userId").asString()));
        return ids;
    }
}
