package dev.kongjian.feed;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.kongjian.events.FeedEvent;
import dev.kongjian.events.UserEvent;

class LikesAndCommentsIntegrationTests extends FeedServiceTestSupport {

    @Test
    void concurrentLikesCountExactlyAndRepeatsChangeNothing() throws Exception {
        User mei = newUser("Mei");
        String id = post(mei, "PUBLIC", "like me");
        List<User> fans = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            fans.add(newUser("Fan " + i));
        }

        try (var pool = Executors.newFixedThreadPool(12)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (User fan : fans) {
                // every fan likes twice at once: twelve likes in all
                answers.add(pool.submit(() -> http.send("PUT", "/api/v1/posts/" + id + "/like", fan.token(), null)
                        .status()));
                answers.add(pool.submit(() -> http.send("PUT", "/api/v1/posts/" + id + "/like", fan.token(), null)
                        .status()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        }

        var seenByFan = http.send("GET", "/api/v1/posts/" + id, fans.getFirst().token(), null).json();
        assertThat(seenByFan.path("likeCount").asLong()).isEqualTo(12);
        assertThat(seenByFan.path("likedByMe").asBoolean()).isTrue();
        assertThat(http.send("GET", "/api/v1/posts/" + id, mei.token(), null).json().path("likedByMe").asBoolean())
                .isFalse();
        assertThat(published(FeedEvent.PostLiked.class, e -> e.postId().equals(id))).hasSizeLessThanOrEqualTo(12);
        awaitEvent(FeedEvent.PostLiked.class, e -> e.postId().equals(id) && e.authorId().equals(mei.id()));

        var unliked = http.send("DELETE", "/api/v1/posts/" + id + "/like", fans.getFirst().token(), null);
        assertThat(unliked.status()).isEqualTo(200);
        assertThat(unliked.json().path("likeCount").asLong()).isEqualTo(11);
        assertThat(unliked.json().path("likedByMe").asBoolean()).isFalse();
        assertThat(http.send("DELETE", "/api/v1/posts/" + id + "/like", fans.getFirst().token(), null).json()
                .path("likeCount").asLong()).isEqualTo(11);
    }

    @Test
    void aLikeOrUnlikeThatDiedBetweenItsTwoWritesCountsRightAfterwards() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        User kai = newUser("Kai");
        User ann = newUser("Ann");
        User bo = newUser("Bo");
        String id = post(mei, "PUBLIC", "like me");
        String like = "/api/v1/posts/" + id + "/like";

        // Lin's like died after counting, before the like was stored: the retry counts it once
        diedHalfway(id, lin, +1, Duration.ZERO);
        assertThat(http.send("PUT", like, lin.token(), null).json().path("likeCount").asLong()).isEqualTo(1);
        // Kai's died after the like was stored, before the count was confirmed; then Kai unlikes, and likes again
        diedHalfway(id, kai, +1, Duration.ZERO);
        mongo.getCollection("likes").insertOne(new org.bson.Document("_id", id + ":" + kai.id()).append("postId", id)
                .append("userId", kai.id()).append("createdAt", new java.util.Date()));
        assertThat(http.send("DELETE", like, kai.token(), null).json().path("likeCount").asLong()).isEqualTo(1);
        assertThat(http.send("PUT", like, kai.token(), null).json().path("likeCount").asLong()).isEqualTo(2);
        // Lin's unlike died after counting, before the like was removed: the retry removes it, counted once
        diedHalfway(id, lin, -1, Duration.ZERO);
        assertThat(http.send("DELETE", like, lin.token(), null).json().path("likeCount").asLong()).isEqualTo(1);
        // Ann's like died two minutes ago and she never came back: the next like, Bo's, takes it back
        diedHalfway(id, ann, +1, Duration.ofMinutes(2));
        var afterBo = http.send("PUT", like, bo.token(), null).json();

        assertThat(afterBo.path("likeCount").asLong()).isEqualTo(2);
        assertThat(http.send("GET", "/api/v1/posts/" + id, ann.token(), null).json().path("likedByMe").asBoolean())
                .isFalse();
        assertThat(http.send("GET", "/api/v1/posts/" + id, lin.token(), null).json().path("likedByMe").asBoolean())
                .isFalse();
        assertThat(pendingCounts(id)).isEmpty();
    }

    private void diedHalfway(String postId, User user, long delta, Duration ago) {
        diedHalfway(postId, "likeCount", postId + ":" + user.id(), delta, ago, true);
    }

    @Test
    void onlyThoseWhoSeeAPostMayLikeOrCommentOnIt() {
        User mei = newUser("Mei");
        User stranger = newUser("Stranger");
        String forFriends = post(mei, "FRIENDS", "friends only");

        assertProblem(http.send("PUT", "/api/v1/posts/" + forFriends + "/like", stranger.token(), null), 404);
        assertProblem(http.send("POST", "/api/v1/posts/" + forFriends + "/comments", stranger.token(),
                "{\"text\":\"let me in\"}"), 404);
        assertProblem(http.send("GET", "/api/v1/posts/" + forFriends + "/comments", stranger.token(), null), 404);
    }

    @Test
    void whoLikesAPostIsListedNewestFirstToThoseWhoSeeItButNotAcrossABlock() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        User kai = newUser("Kai");
        User stranger = newUser("Stranger");
        befriend(mei, lin);
        befriend(mei, kai);
        String forFriends = post(mei, "FRIENDS", "friends only");
        http.send("PUT", "/api/v1/posts/" + forFriends + "/like", lin.token(), null);
        http.send("PUT", "/api/v1/posts/" + forFriends + "/like", kai.token(), null);
        http.send("PUT", "/api/v1/posts/" + forFriends + "/like", kai.token(), null);

        var first = http.send("GET", "/api/v1/posts/" + forFriends + "/likes?limit=1", mei.token(), null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("items").get(0).path("userId").asString()).isEqualTo(kai.id());
        assertThat(first.json().path("items").get(0).path("displayName").asString()).isEqualTo("Kai");
        assertThat(first.json().path("items").get(0).path("likedAt").asString()).isNotBlank();
        var second = http.send("GET", "/api/v1/posts/" + forFriends + "/likes?limit=1&cursor="
                + first.json().path("nextCursor").asString(), mei.token(), null).json();
        assertThat(second.path("items").get(0).path("userId").asString()).isEqualTo(lin.id());
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertProblem(http.send("GET", "/api/v1/posts/" + forFriends + "/likes", stranger.token(), null), 404);
        assertProblem(http.send("GET", "/api/v1/posts/" + forFriends + "/likes?limit=0", mei.token(), null), 400);

        publish(new UserEvent.UserBlocked(UUID.randomUUID().toString(), kai.id(), lin.id(), Instant.now(), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> graph.blockedEitherWay(kai.id(), lin.id()));
        var seenByLin = http.send("GET", "/api/v1/posts/" + forFriends + "/likes", lin.token(), null).json();
        assertThat(seenByLin.path("items")).hasSize(1);
        assertThat(seenByLin.path("items").get(0).path("userId").asString()).isEqualTo(lin.id());
        assertThat(http.send("GET", "/api/v1/posts/" + forFriends + "/likes", mei.token(), null).json()
                .path("items")).hasSize(2);
    }

    @Test
    void commentsAndRepliesComeOldestFirstAndAreCountedExactly() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        befriend(mei, lin);
        String id = post(mei, "FRIENDS", "what do you think?");

        var first = http.send("POST", "/api/v1/posts/" + id + "/comments", lin.token(), "{\"text\":\"lovely\"}");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String firstId = first.json().path("id").asString();
        assertThat(first.json().path("author").path("displayName").asString()).isEqualTo("Lin");
        var reply = http.send("POST", "/api/v1/posts/" + id + "/comments", mei.token(),
                "{\"text\":\"thank you\",\"replyToCommentId\":\"%s\"}".formatted(firstId));
        assertThat(reply.json().path("replyToCommentId").asString()).isEqualTo(firstId);
        List<String> written = new ArrayList<>(List.of(firstId, reply.json().path("id").asString()));
        for (int i = 0; i < 3; i++) {
            written.add(http.send("POST", "/api/v1/posts/" + id + "/comments", lin.token(),
                    "{\"text\":\"more %d\"}".formatted(i)).json().path("id").asString());
        }

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            var page = http.send("GET", "/api/v1/posts/" + id + "/comments?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), lin.token(), null).json();
            page.path("items").forEach(item -> paged.add(item.path("id").asString()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        } while (cursor != null);
        assertThat(paged).isEqualTo(written);
        assertThat(http.send("GET", "/api/v1/posts/" + id, lin.token(), null).json().path("commentCount").asLong())
                .isEqualTo(5);
        awaitEvent(FeedEvent.CommentCreated.class, e -> e.commentId().equals(firstId) && e.postId().equals(id)
                && e.authorId().equals(mei.id()) && e.commenterId().equals(lin.id()));

        assertProblem(http.send("POST", "/api/v1/posts/" + id + "/comments", lin.token(),
                "{\"text\":\"x\",\"replyToCommentId\":\"nope\"}"), 400);
        assertProblem(http.send("POST", "/api/v1/posts/" + id + "/comments", lin.token(), "{\"text\":\"\"}"), 400);
    }

    @Test
    void aCommentWrittenOrDeletedByAnAttemptThatDiedIsCountedOnce() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        String id = post(mei, "PUBLIC", "say something");
        String path = "/api/v1/posts/" + id + "/comments";
        String body = "{\"text\":\"only once\"}";
        String first = http.send("POST", path, mei.token(), body, "Idempotency-Key", "crash-c1").json().path("id")
                .asString();

        // it died after storing the comment, before confirming the count or keeping its answer
        diedHalfway(id, "commentCount", first, 1, Duration.ZERO, false);
        forgetIdempotencyKey(mei, "crash-c1");
        var retried = http.send("POST", path, mei.token(), body, "Idempotency-Key", "crash-c1");
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.json().path("id").asString()).isEqualTo(first);
        assertThat(counter(id, "commentCount")).isEqualTo(1);
        // it died after all that, before keeping its answer
        forgetIdempotencyKey(mei, "crash-c1");
        assertThat(http.send("POST", path, mei.token(), body, "Idempotency-Key", "crash-c1").json().path("id")
                .asString()).isEqualTo(first);
        assertThat(counter(id, "commentCount")).isEqualTo(1);
        // a comment without a key died two minutes ago after counting, before storing: Lin's comment settles it
        diedHalfway(id, "commentCount", "lost-comment", 1, Duration.ofMinutes(2), true);
        http.send("POST", path, lin.token(), "{\"text\":\"me too\"}");
        assertThat(counter(id, "commentCount")).isEqualTo(2);
        // the first comment's deletion died after counting, before removing it: the retry counts it once
        diedHalfway(id, "commentCount", first, -1, Duration.ZERO, true);
        assertThat(http.send("DELETE", path + "/" + first, mei.token(), null).status()).isEqualTo(204);

        assertThat(http.send("GET", path, mei.token(), null).json().path("items").size()).isEqualTo(1);
        assertThat(http.send("GET", "/api/v1/posts/" + id, mei.token(), null).json().path("commentCount").asLong())
                .isEqualTo(1);
        assertThat(pendingCounts(id)).isEmpty();
    }

    @Test
    void aCommentIsDeletedByItsAuthorOrThePostsAuthorOnly() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        User kai = newUser("Kai");
        String id = post(mei, "PUBLIC", "open to all");
        String lins = http.send("POST", "/api/v1/posts/" + id + "/comments", lin.token(), "{\"text\":\"lin\"}").json()
                .path("id").asString();
        String kais = http.send("POST", "/api/v1/posts/" + id + "/comments", kai.token(), "{\"text\":\"kai\"}").json()
                .path("id").asString();

        assertProblem(http.send("DELETE", "/api/v1/posts/" + id + "/comments/" + lins, kai.token(), null), 403);
        assertThat(http.send("DELETE", "/api/v1/posts/" + id + "/comments/" + lins, lin.token(), null).status())
                .isEqualTo(204);
        assertThat(http.send("DELETE", "/api/v1/posts/" + id + "/comments/" + kais, mei.token(), null).status())
                .isEqualTo(204);
        assertProblem(http.send("DELETE", "/api/v1/posts/" + id + "/comments/" + kais, mei.token(), null), 404);
        assertThat(http.send("GET", "/api/v1/posts/" + id, mei.token(), null).json().path("commentCount").asLong())
                .isZero();
        assertThat(http.send("GET", "/api/v1/posts/" + id + "/comments", mei.token(), null).json().path("items"))
                .isEmpty();
    }
}
