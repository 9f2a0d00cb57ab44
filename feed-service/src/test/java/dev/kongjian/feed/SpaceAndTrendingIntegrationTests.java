package dev.kongjian.feed;

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
import dev.kongjian.events.UserEvent;

class SpaceAndTrendingIntegrationTests extends FeedServiceTestSupport {

    @Test
    void aSpaceShowsEachVisitorWhatTheyMaySeeAndRecordsTheVisitOnce() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        User stranger = newUser("Stranger");
        befriend(mei, lin);
        String open = post(mei, "PUBLIC", "open");
        String friends = post(mei, "FRIENDS", "friends");
        String secret = post(mei, "PRIVATE", "secret");

        assertThat(space(mei, mei.id())).containsExactly(secret, friends, open);
        assertThat(space(mei, "me")).containsExactly(secret, friends, open);
        assertThat(space(lin, mei.id())).containsExactly(friends, open);
        assertThat(space(stranger, mei.id())).containsExactly(open);
        space(stranger, mei.id());

        awaitEvent(FeedEvent.SpaceVisited.class, e -> e.authorId().equals(mei.id())
                && e.visitorId().equals(stranger.id()));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> published(
                FeedEvent.SpaceVisited.class, e -> e.authorId().equals(mei.id()) && e.visitorId().equals(stranger.id()))
                .size() == 1);
        assertThat(published(FeedEvent.SpaceVisited.class, e -> e.visitorId().equals(mei.id()))).isEmpty();
        assertProblem(http.send("GET", "/api/v1/users/nobody/posts", mei.token(), null), 404);
    }

    @Test
    void theOwnersSpaceVisibilityDecidesWhoMayOpenIt() {
        User mei = newUser("Mei", UserEvent.SpaceVisibility.FRIENDS);
        User lin = newUser("Lin");
        User stranger = newUser("Stranger");
        befriend(mei, lin);
        post(mei, "PUBLIC", "open");

        assertThat(space(lin, mei.id())).hasSize(1);
        assertProblem(http.send("GET", "/api/v1/users/" + mei.id() + "/posts", stranger.token(), null), 403);

        publish(new UserEvent.ProfileUpdated(UUID.randomUUID().toString(), mei.id(), "Mei", null,
                UserEvent.SpaceVisibility.PRIVATE, Instant.now(), 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.send("GET", "/api/v1/users/" + mei.id() + "/posts",
                lin.token(), null).status() == 403);
        assertThat(space(mei, mei.id())).hasSize(1);

        publish(new UserEvent.UserBlocked(UUID.randomUUID().toString(), mei.id(), stranger.id(), Instant.now(), 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.send("GET", "/api/v1/users/" + mei.id() + "/posts",
                stranger.token(), null).status() == 404);
    }

    @Test
    void trendingRanksPublicPostsByRecentEngagement() {
        User mei = newUser("Mei");
        List<User> fans = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fans.add(newUser("Fan " + i));
        }
        String quiet = post(mei, "PUBLIC", "quiet " + UUID.randomUUID());
        String liked = post(mei, "PUBLIC", "liked " + UUID.randomUUID());
        String discussed = post(mei, "PUBLIC", "discussed " + UUID.randomUUID());
        String hidden = post(mei, "FRIENDS", "for friends " + UUID.randomUUID());
        for (User fan : fans.subList(0, 2)) {
            http.send("PUT", "/api/v1/posts/" + liked + "/like", fan.token(), null);
        }
        for (User fan : fans) {
            http.send("POST", "/api/v1/posts/" + discussed + "/comments", fan.token(), "{\"text\":\"yes\"}");
        }
        http.send("PUT", "/api/v1/posts/" + hidden + "/like", mei.token(), null);
        http.send("PUT", "/api/v1/posts/" + quiet + "/like", mei.token(), null);

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<String> ranked = new ArrayList<>();
            String cursor = null;
            do {
                var page = http.send("GET", "/api/v1/feed/trending?limit=50"
                        + (cursor == null ? "" : "&cursor=" + cursor), fans.getFirst().token(), null).json();
                page.path("items").forEach(item -> ranked.add(item.path("id").asString()));
                cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            } while (cursor != null);
            assertThat(ranked).doesNotHaveDuplicates().doesNotContain(hidden);
            assertThat(ranked).containsSubsequence(discussed, liked, quiet);
        });
    }

    private List<String> space(User viewer, String ownerId) {
        var answer = http.send("GET", "/api/v1/users/" + ownerId + "/posts", viewer.token(), null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }
}
