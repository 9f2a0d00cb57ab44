package dev.kongjian.feed;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kongjian.events.FeedEvent;
import dev.kongjian.events.MediaEvent;
import dev.kongjian.events.UserEvent;

class PostsIntegrationTests extends FeedServiceTestSupport {

    @Test
    void anAuthorWritesReadsEditsAndDeletesAPost() {
        User mei = newUser("Mei");
        var created = http.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"first light\",\"mediaIds\":[\"m1\",\"m2\"],\"visibility\":\"PUBLIC\",\"likeCount\":99,\"authorId\":\"x\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var post = created.json();
        String id = post.path("id").asString();
        assertThat(post.path("authorId").asString()).isEqualTo(mei.id());
        assertThat(post.path("author").path("displayName").asString()).isEqualTo("Mei");
        assertThat(post.path("text").asString()).isEqualTo("first light");
        assertThat(post.path("mediaIds").toString()).isEqualTo("[\"m1\",\"m2\"]");
        assertThat(post.path("likeCount").asLong()).isZero();
        assertThat(post.path("likedByMe").asBoolean()).isFalse();
        assertThat(post.path("createdAt").asString()).isNotBlank();
        assertThat(post.path("editedAt").isNull()).isTrue();

        var edited = http.send("PATCH", "/api/v1/posts/" + id, mei.token(), "{\"text\":\"first light, edited\"}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().path("text").asString()).isEqualTo("first light, edited");
        assertThat(edited.json().path("visibility").asString()).isEqualTo("PUBLIC");
        assertThat(edited.json().path("editedAt").asString()).isNotBlank();

        assertThat(http.send("DELETE", "/api/v1/posts/" + id, mei.token(), null).status()).isEqualTo(204);
        assertProblem(http.send("GET", "/api/v1/posts/" + id, mei.token(), null), 404);
        assertProblem(http.send("DELETE", "/api/v1/posts/" + id, mei.token(), null), 404);

        awaitEvent(FeedEvent.PostCreated.class, e -> e.postId().equals(id) && e.mediaIds().size() == 2);
        awaitEvent(FeedEvent.PostUpdated.class, e -> e.postId().equals(id));
        awaitEvent(FeedEvent.PostDeleted.class, e -> e.postId().equals(id) && e.authorId().equals(mei.id()));
    }

    @Test
    void mediaItsOwnerDeletedLeavesThePostsThatShowedIt() {
        User mei = newUser("Mei");
        String gone = "media-" + UUID.randomUUID();
        var created = http.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"two pictures\",\"mediaIds\":[\"%s\",\"kept\"],\"visibility\":\"PUBLIC\"}".formatted(gone));
        String id = created.json().path("id").asString();
        var deleted = new MediaEvent.MediaDeleted(UUID.randomUUID().toString(), gone, mei.id(), Instant.now(), 1);

        publish(deleted);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.send("GET", "/api/v1/posts/" + id, mei.token(), null)
                .json().path("mediaIds").toString().equals("[\"kept\"]"));

        // the app still holds the id (another tab, a draft): a new post may not show it
        var late = http.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"again\",\"mediaIds\":[\"kept\",\"%s\"],\"visibility\":\"PUBLIC\"}".formatted(gone));
        assertProblem(late, 400);
        assertThat(late.json().path("errors").get(0).path("field").asString()).isEqualTo("mediaIds");
        assertThat(late.json().path("errors").get(0).path("message").asString())
                .isEqualTo("deleted by its owner: " + gone);
        // a redelivered MediaDeleted changes nothing more
        publish(deleted);
        assertThat(http.send("POST", "/api/v1/posts", mei.token(),
                "{\"mediaIds\":[\"kept\"],\"visibility\":\"PUBLIC\"}").status()).isEqualTo(201);
    }

    @Test
    void badPostsAre400WithTheFieldNamed() {
        User mei = newUser("Mei");
        assertProblem(http.send("POST", "/api/v1/posts", mei.token(), "{\"visibility\":\"PUBLIC\"}"), 400);
        assertProblem(http.send("POST", "/api/v1/posts", mei.token(), "{\"text\":\"   \",\"visibility\":\"PUBLIC\"}"),
                400);
        assertProblem(http.send("POST", "/api/v1/posts", mei.token(), "{\"text\":\"hi\"}"), 400);
        assertProblem(http.send("POST", "/api/v1/posts", mei.token(), "{\"text\":\"hi\",\"visibility\":\"SECRET\"}"),
                400);
        var tooLong = http.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"%s\",\"visibility\":\"PUBLIC\"}".formatted("x".repeat(5001)));
        assertProblem(tooLong, 400);
        assertThat(tooLong.json().path("errors").get(0).path("field").asString()).isEqualTo("text");
        assertThat(tooLong.json().path("errors").get(0).path("message").asString())
                .isEqualTo("must be at most 5000 characters");
        assertThat(http.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"%s\",\"visibility\":\"PUBLIC\"}".formatted("x".repeat(5000))).status()).isEqualTo(201);
        // characters as the writer counts them: an emoji is one, though Java stores it as two UTF-16 units
        assertThat(http.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"%s\",\"visibility\":\"PUBLIC\"}".formatted("\uD83D\uDE00".repeat(5000))).status())
                .isEqualTo(201);
        assertProblem(http.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"%s\",\"visibility\":\"PUBLIC\"}".formatted("\uD83D\uDE00".repeat(5001))), 400);
        assertProblem(http.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"a\\u0000b\",\"visibility\":\"PUBLIC\"}"), 400);
        assertThat(http.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"two\\nlines\",\"visibility\":\"PUBLIC\"}").status()).isEqualTo(201);
        assertProblem(http.send("POST", "/api/v1/posts", mei.token(),
                "{\"mediaIds\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\"],\"visibility\":\"PUBLIC\"}"),
                400);
        assertProblem(http.send("POST", "/api/v1/posts", mei.token(), "{\"text\":"), 400);
        assertProblem(http.send("GET", "/api/v1/posts/no-such-post", mei.token(), null), 404);
    }

    @Test
    void onlyTheAuthorChangesAPostAndPrivatePostsDoNotExistForOthers() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        String open = post(mei, "PUBLIC", "open");
        String secret = post(mei, "PRIVATE", "secret");

        assertProblem(http.send("PATCH", "/api/v1/posts/" + open, lin.token(), "{\"text\":\"mine now\"}"), 403);
        assertProblem(http.send("DELETE", "/api/v1/posts/" + open, lin.token(), null), 403);
        assertProblem(http.send("GET", "/api/v1/posts/" + secret, lin.token(), null), 404);
        assertProblem(http.send("PATCH", "/api/v1/posts/" + secret, lin.token(), "{\"text\":\"x\"}"), 404);
        assertThat(http.send("GET", "/api/v1/posts/" + open, lin.token(), null).json().path("text").asString())
                .isEqualTo("open");
    }

    @Test
    void aFriendshipTooNewForTheReplicaIsConfirmedWithUserService() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        String forFriends = post(mei, "FRIENDS", "friends only");
        String own = post(mei, "PRIVATE", "mine");
        assertProblem(http.send("GET", "/api/v1/posts/" + forFriends, lin.token(), null), 404);

        org.mockito.Mockito.when(directory.relationTo(mei.id()))
                .thenReturn(dev.kongjian.kit.users.UserDirectory.Relation.FRIEND);

        assertThat(http.send("GET", "/api/v1/posts/" + forFriends, lin.token(), null).status()).isEqualTo(200);
        assertThat(http.send("PUT", "/api/v1/posts/" + forFriends + "/like", lin.token(), null).status())
                .isEqualTo(200);
        assertProblem(http.send("GET", "/api/v1/posts/" + own, lin.token(), null), 404);
    }

    @Test
    void friendsPostsAreForFriendsAndBlocksHideBothWays() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        User stranger = newUser("Stranger");
        befriend(mei, lin);
        String forFriends = post(mei, "FRIENDS", "friends only");
        String open = post(mei, "PUBLIC", "for all");

        assertThat(http.send("GET", "/api/v1/posts/" + forFriends, lin.token(), null).status()).isEqualTo(200);
        assertProblem(http.send("GET", "/api/v1/posts/" + forFriends, stranger.token(), null), 404);

        publish(new UserEvent.UserBlocked(UUID.randomUUID().toString(), stranger.id(), mei.id(), Instant.now(), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> graph.blockedEitherWay(mei.id(), stranger.id()));
        assertProblem(http.send("GET", "/api/v1/posts/" + open, stranger.token(), null), 404);
        String strangersPost = post(stranger, "PUBLIC", "hello world");
        assertProblem(http.send("GET", "/api/v1/posts/" + strangersPost, mei.token(), null), 404);
    }

    @Test
    void aShareEmbedsTheOriginalWhileItStaysVisibleAndIsCounted() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        String original = post(mei, "PUBLIC", "worth sharing");
        var share = http.send("POST", "/api/v1/posts", lin.token(),
                "{\"text\":\"look\",\"visibility\":\"PUBLIC\",\"sharedPostId\":\"%s\"}".formatted(original));
        assertThat(share.status()).as(share.body()).isEqualTo(201);
        String shareId = share.json().path("id").asString();
        assertThat(share.json().path("sharedPost").path("text").asString()).isEqualTo("worth sharing");
        assertThat(share.json().path("sharedPost").path("author").path("displayName").asString()).isEqualTo("Mei");
        assertThat(http.send("GET", "/api/v1/posts/" + original, mei.token(), null).json().path("shareCount")
                .asLong()).isEqualTo(1);
        awaitEvent(FeedEvent.PostShared.class, e -> e.postId().equals(shareId) && e.sharedPostId().equals(original)
                && e.authorId().equals(mei.id()) && e.sharerId().equals(lin.id()));

        http.send("PATCH", "/api/v1/posts/" + original, mei.token(), "{\"visibility\":\"PRIVATE\"}");
        var seen = http.send("GET", "/api/v1/posts/" + shareId, lin.token(), null).json();
        assertThat(seen.path("sharedPostId").asString()).isEqualTo(original);
        assertThat(seen.path("sharedPost").isNull()).isTrue();

        String secret = post(mei, "PRIVATE", "not for sharing");
        assertProblem(http.send("POST", "/api/v1/posts", lin.token(),
                "{\"visibility\":\"PUBLIC\",\"sharedPostId\":\"%s\"}".formatted(secret)), 404);
    }

    @Test
    void mentionsAreResolvedToUserIdsAndAnnounced() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        var created = http.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"thanks @%s and @nobody_here_at_all\",\"visibility\":\"PUBLIC\"}".formatted(
                        lin.username().toUpperCase()));
        String id = created.json().path("id").asString();

        assertThat(created.json().path("mentionedUserIds").toString()).isEqualTo("[\"" + lin.id() + "\"]");
        awaitEvent(FeedEvent.PostCreated.class, e -> e.postId().equals(id)
                && e.mentionedUserIds().equals(java.util.List.of(lin.id())));
    }

    @Test
    void authorNameAndAvatarFollowProfileChanges() {
        User mei = newUser("Mei");
        String id = post(mei, "PUBLIC", "hello");
        publish(new UserEvent.ProfileUpdated(UUID.randomUUID().toString(), mei.id(), "Mei Lin", "avatar-1",
                UserEvent.SpaceVisibility.PUBLIC, Instant.now(), 1));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var author = http.send("GET", "/api/v1/posts/" + id, mei.token(), null).json().path("author");
            assertThat(author.path("displayName").asString()).isEqualTo("Mei Lin");
            assertThat(author.path("avatarMediaId").asString()).isEqualTo("avatar-1");
        });
    }

    @Test
    void theSameIdempotencyKeyPostsOnce() {
        User mei = newUser("Mei");
        String body = "{\"text\":\"once\",\"visibility\":\"PUBLIC\"}";
        var first = http.send("POST", "/api/v1/posts", mei.token(), body, "Idempotency-Key", "post-once-1");
        var again = http.send("POST", "/api/v1/posts", mei.token(), body, "Idempotency-Key", "post-once-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertProblem(http.send("POST", "/api/v1/posts", mei.token(), "{\"text\":\"other\",\"visibility\":\"PUBLIC\"}",
                "Idempotency-Key", "post-once-1"), 422);
    }

    @Test
    void aRetryAfterACrashFindsThePostAndShareTheFirstAttemptStored() {
        User mei = newUser("Mei");
        String original = post(mei, "PUBLIC", "worth sharing");
        String text = "{\"text\":\"once only\",\"visibility\":\"PUBLIC\"}";
        String share = "{\"visibility\":\"PUBLIC\",\"sharedPostId\":\"" + original + "\"}";
        var first = http.send("POST", "/api/v1/posts", mei.token(), text, "Idempotency-Key", "crash-post-1");
        var firstShare = http.send("POST", "/api/v1/posts", mei.token(), share, "Idempotency-Key", "crash-share-1");
        // the instance died after storing them, before keeping their answers (the share's count not confirmed)
        forgetIdempotencyKey(mei, "crash-post-1");
        forgetIdempotencyKey(mei, "crash-share-1");
        diedHalfway(original, "shareCount", firstShare.json().path("id").asString(), 1, Duration.ZERO, false);

        var retried = http.send("POST", "/api/v1/posts", mei.token(), text, "Idempotency-Key", "crash-post-1");
        var retriedShare = http.send("POST", "/api/v1/posts", mei.token(), share, "Idempotency-Key", "crash-share-1");

        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(retriedShare.status()).isEqualTo(201);
        assertThat(retriedShare.json().path("id").asString()).isEqualTo(firstShare.json().path("id").asString());
        var space = http.send("GET", "/api/v1/users/" + mei.id() + "/posts", mei.token(), null);
        assertThat(space.json().path("items").size()).isEqualTo(3);
        assertThat(http.send("GET", "/api/v1/posts/" + original, mei.token(), null).json().path("shareCount").asLong())
                .isEqualTo(1);
        assertThat(pendingCounts(original)).isEmpty();

        // deleting the share died after counting, before the share was deleted: the retry counts it once
        diedHalfway(original, "shareCount", firstShare.json().path("id").asString(), -1, Duration.ZERO, true);
        assertThat(http.send("DELETE", "/api/v1/posts/" + firstShare.json().path("id").asString(), mei.token(), null)
                .status()).isEqualTo(204);
        assertThat(counter(original, "shareCount")).isZero();
        assertThat(pendingCounts(original)).isEmpty();
    }
}
