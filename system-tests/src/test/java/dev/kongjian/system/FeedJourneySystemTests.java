package dev.kongjian.system;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kongjian.system.People.User;
import tools.jackson.databind.JsonNode;

/** feed-service's endpoints through the gateway of the running stack, with user-service's events feeding it. */
class FeedJourneySystemTests extends Journey {

    @Test
    void friendsSeeEachOthersPostsLikeAndCommentAndAStrangerSeesNoneOfTheFriendsOnlyOnes() {
        User mei = People.signUp(gateway, "Mei");
        User lin = People.signUp(gateway, "Lin");
        User stranger = People.signUp(gateway, "Stranger");
        People.befriend(gateway, mei, lin);

        var created = gateway.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"dinner at ours, @%s?\",\"visibility\":\"FRIENDS\"}".formatted(lin.username()),
                "Idempotency-Key", "dinner-" + mei.id());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String postId = created.json().path("id").asString();
        assertThat(created.json().path("mentionedUserIds").toString()).contains(lin.id());
        var replayed = gateway.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"dinner at ours, @%s?\",\"visibility\":\"FRIENDS\"}".formatted(lin.username()),
                "Idempotency-Key", "dinner-" + mei.id());
        assertThat(replayed.json().path("id").asString()).isEqualTo(postId);
        String open = post(mei, "PUBLIC", "a sunny day");

        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL)
                .until(() -> homeFeed(lin).equals(List.of(open, postId)));
        JsonNode seen = gateway.send("GET", "/api/v1/feed/home", lin.token(), null).json().path("items").get(1);
        assertThat(seen.path("author").path("displayName").asString()).isEqualTo("Mei");
        assertThat(seen.path("text").asString()).startsWith("dinner at ours");

        var liked = gateway.send("PUT", "/api/v1/posts/" + postId + "/like", lin.token(), null);
        assertThat(liked.status()).as(liked.body()).isEqualTo(200);
        assertThat(liked.json().path("likedByMe").asBoolean()).isTrue();
        var comment = gateway.send("POST", "/api/v1/posts/" + postId + "/comments", lin.token(),
                "{\"text\":\"count me in\"}");
        assertThat(comment.status()).as(comment.body()).isEqualTo(201);
        var asAuthor = gateway.send("GET", "/api/v1/posts/" + postId, mei.token(), null).json();
        assertThat(asAuthor.path("likeCount").asLong()).isEqualTo(1);
        assertThat(asAuthor.path("commentCount").asLong()).isEqualTo(1);
        assertThat(gateway.send("GET", "/api/v1/posts/" + postId + "/comments", mei.token(), null).json()
                .path("items").get(0).path("text").asString()).isEqualTo("count me in");
        JsonNode liker = gateway.send("GET", "/api/v1/posts/" + postId + "/likes", mei.token(), null).json()
                .path("items").get(0);
        assertThat(liker.path("userId").asString()).isEqualTo(lin.id());
        assertThat(liker.path("displayName").asString()).isEqualTo("Lin");

        assertThat(homeFeed(stranger)).isEmpty();
        assertProblem(gateway.send("GET", "/api/v1/posts/" + postId, stranger.token(), null), 404);
        assertProblem(gateway.send("GET", "/api/v1/posts/" + postId + "/comments", stranger.token(), null), 404);
        assertProblem(gateway.send("PUT", "/api/v1/posts/" + postId + "/like", stranger.token(), null), 404);
        assertProblem(gateway.send("GET", "/api/v1/posts/" + postId + "/likes", stranger.token(), null), 404);
        assertThat(ids(gateway.send("GET", "/api/v1/users/" + mei.id() + "/posts", stranger.token(), null).json()))
                .containsExactly(open);
        assertThat(ids(gateway.send("GET", "/api/v1/users/" + mei.id() + "/posts", lin.token(), null).json()))
                .containsExactly(open, postId);
    }

    @Test
    void aVisitToASpaceReachesTheOwnersVisitorsAndAnEndedFriendshipEmptiesTheFeed() {
        User mei = People.signUp(gateway, "Mei");
        User lin = People.signUp(gateway, "Lin");
        People.befriend(gateway, mei, lin);
        String postId = post(mei, "FRIENDS", "just us");
        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> homeFeed(lin).contains(postId));

        assertThat(gateway.send("GET", "/api/v1/users/" + mei.id() + "/posts", lin.token(), null).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> {
            JsonNode visitors = gateway.send("GET", "/api/v1/users/me/visitors", mei.token(), null).json()
                    .path("items");
            return visitors.size() == 1 && visitors.get(0).path("userId").asString().equals(lin.id());
        });

        assertThat(gateway.send("DELETE", "/api/v1/friends/" + mei.id(), lin.token(), null).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> homeFeed(lin).isEmpty());
        assertProblem(gateway.send("GET", "/api/v1/posts/" + postId, lin.token(), null), 404);
    }

    @Test
    void aNewDisplayNameShowsOnPostsAndADeletedPostLeavesTheFeed() {
        User mei = People.signUp(gateway, "Mei");
        User lin = People.signUp(gateway, "Lin");
        People.befriend(gateway, mei, lin);
        String postId = post(mei, "PUBLIC", "soon gone");
        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> homeFeed(lin).contains(postId));

        gateway.send("PATCH", "/api/v1/users/me", mei.token(), "{\"displayName\":\"Mei the Cook\"}");
        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> "Mei the Cook".equals(
                gateway.send("GET", "/api/v1/posts/" + postId, lin.token(), null).json().path("author")
                        .path("displayName").asString()));

        assertThat(gateway.send("DELETE", "/api/v1/posts/" + postId, mei.token(), null).status()).isEqualTo(204);
        assertThat(homeFeed(lin)).doesNotContain(postId);
        assertThat(gateway.send("GET", "/api/v1/feed/trending", lin.token(), null).status()).isEqualTo(200);
    }

    private static String post(User author, String visibility, String text) {
        var created = gateway.send("POST", "/api/v1/posts", author.token(),
                "{\"text\":\"%s\",\"visibility\":\"%s\"}".formatted(text, visibility));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private static List<String> homeFeed(User user) {
        var answer = gateway.send("GET", "/api/v1/feed/home", user.token(), null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return ids(answer.json());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }
}
