package dev.kongjian.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.model.Filters;

import dev.kongjian.events.UserEvent;

class HomeFeedIntegrationTests extends FeedServiceTestSupport {

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void aFriendsPostReachesTheHomeFeedAndAStrangerSeesNone() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        User stranger = newUser("Stranger");
        befriend(mei, lin);
        homeFeed(lin, 20);

        String forFriends = post(mei, "FRIENDS", "for my friends");
        String open = post(mei, "PUBLIC", "for everyone");
        String secret = post(mei, "PRIVATE", "for me");

        await().atMost(Duration.ofSeconds(10)).until(() -> homeFeed(lin, 20).equals(List.of(open, forFriends)));
        assertThat(homeFeed(mei, 20)).containsExactly(secret, open, forFriends);
        assertThat(homeFeed(stranger, 20)).isEmpty();
        var item = http.send("GET", "/api/v1/feed/home", lin.token(), null).json().path("items").get(0);
        assertThat(item.path("author").path("displayName").asString()).isEqualTo("Mei");
        assertThat(timeline(lin)).contains(open, forFriends).doesNotContain(secret);
    }

    @Test
    void pagesStayStableWhilePostsArrive() throws Exception {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        befriend(mei, lin);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            written.addFirst(post(mei, "FRIENDS", "post " + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> homeFeed(lin, 100).size() == 30);

        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 10; i++) {
                post(mei, "FRIENDS", "meanwhile " + i);
            }
        });
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            var page = http.send("GET", "/api/v1/feed/home?limit=7" + (cursor == null ? "" : "&cursor=" + cursor),
                    lin.token(), null).json();
            page.path("items").forEach(item -> paged.add(item.path("id").asString()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            if (paged.size() == 7) {
                Thread.sleep(100);
            }
        } while (cursor != null);
        writer.join();

        assertThat(paged).doesNotHaveDuplicates();
        List<String> older = paged.stream().filter(written::contains).toList();
        assertThat(older).isEqualTo(written.subList(written.indexOf(older.getFirst()), written.size()));
        assertThat(paged).containsAll(written.subList(written.indexOf(paged.stream().filter(written::contains)
                .findFirst().orElseThrow()), written.size()));
    }

    @Test
    void deletingNarrowingUnfriendingAndBlockingTakePostsOffTimelines() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        befriend(mei, lin);
        homeFeed(lin, 20);
        homeFeed(mei, 20);
        String deleted = post(mei, "FRIENDS", "to delete");
        String narrowed = post(mei, "PUBLIC", "to narrow");
        String kept = post(mei, "FRIENDS", "kept until unfriended");
        String linsOwn = post(lin, "FRIENDS", "lin's");
        await().atMost(Duration.ofSeconds(10)).until(() -> homeFeed(lin, 20).size() == 4);

        http.send("DELETE", "/api/v1/posts/" + deleted, mei.token(), null);
        http.send("PATCH", "/api/v1/posts/" + narrowed, mei.token(), "{\"visibility\":\"PRIVATE\"}");
        assertThat(homeFeed(lin, 20)).containsExactly(linsOwn, kept);
        await().atMost(Duration.ofSeconds(10)).until(() -> !timeline(lin).contains(deleted)
                && !timeline(lin).contains(narrowed));

        publish(new UserEvent.FriendshipEnded(UUID.randomUUID().toString(), lin.id(), mei.id(), Instant.now(), 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> homeFeed(lin, 20).equals(List.of(linsOwn)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !timeline(lin).contains(kept)
                && !timeline(mei).contains(linsOwn));
        assertThat(homeFeed(mei, 20)).containsExactly(kept, narrowed);
    }

    @Test
    void aBlockTakesEachOutOfTheOthersFeed() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        befriend(mei, lin);
        String meis = post(mei, "PUBLIC", "mei's");
        String lins = post(lin, "PUBLIC", "lin's");
        await().atMost(Duration.ofSeconds(10)).until(() -> homeFeed(lin, 20).size() == 2 && homeFeed(mei, 20).size() == 2);

        publish(new UserEvent.UserBlocked(UUID.randomUUID().toString(), mei.id(), lin.id(), Instant.now(), 1));
        publish(new UserEvent.FriendshipEnded(UUID.randomUUID().toString(), mei.id(), lin.id(), Instant.now(), 1));

        await().atMost(Duration.ofSeconds(10)).until(() -> homeFeed(lin, 20).equals(List.of(lins))
                && homeFeed(mei, 20).equals(List.of(meis)));
    }

    /**
     * The viewer's relations are remembered between pages, but an ended friendship counts from the
     * first page after it is replicated, even for a post that is still on the timeline.
     */
    @Test
    void anEndedFriendshipCountsAtTheNextPageThoughTheRelationsWereRemembered() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        String meis = befriendAndPost(mei, lin, "for friends");
        Double position = redis.opsForZSet().score("feed:timeline:" + lin.id(), meis);

        publish(new UserEvent.FriendshipEnded(UUID.randomUUID().toString(), lin.id(), mei.id(), Instant.now(), 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !graph.areFriends(lin.id(), mei.id())
                && !redis.hasKey(ReaderTokens.key(lin.id()))
                && !timeline(lin).contains(meis));
        // as if the timeline had not been cleaned yet
        redis.opsForZSet().add("feed:timeline:" + lin.id(), meis, position);

        assertThat(homeFeed(lin, 20)).isEmpty();
    }

    @Test
    void aLikeOrUnlikeCountsAtTheNextPageThoughTheLikesWereRemembered() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        String meis = befriendAndPost(mei, lin, "like me");
        assertThat(firstLikedByMe(lin)).isFalse();

        // liked behind the service's back, so no token ended: the page shows what it learnt
        var likes = mongo.getCollection("likes");
        likes.insertOne(new Document("_id", meis + ":" + lin.id()).append("postId", meis).append("userId", lin.id()));
        assertThat(firstLikedByMe(lin)).isFalse();
        likes.deleteOne(Filters.eq("_id", meis + ":" + lin.id()));

        assertThat(http.send("PUT", "/api/v1/posts/" + meis + "/like", lin.token(), null).status()).isEqualTo(200);
        assertThat(redis.hasKey(ReaderTokens.key(lin.id()))).isFalse();
        assertThat(firstLikedByMe(lin)).isTrue();
        assertThat(http.send("DELETE", "/api/v1/posts/" + meis + "/like", lin.token(), null).status()).isEqualTo(200);
        assertThat(redis.hasKey(ReaderTokens.key(lin.id()))).isFalse();
        assertThat(firstLikedByMe(lin)).isFalse();
    }

    /** The author's new FRIENDS post, once it is the whole of the reader's home feed. */
    private String befriendAndPost(User author, User reader, String text) {
        befriend(author, reader);
        String id = post(author, "FRIENDS", text);
        await().atMost(Duration.ofSeconds(10)).until(() -> homeFeed(reader, 20).equals(List.of(id)));
        return id;
    }

    private boolean firstLikedByMe(User reader) {
        var page = http.send("GET", "/api/v1/feed/home", reader.token(), null);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().path("items").path(0).path("likedByMe").asBoolean();
    }

    @Test
    void aFlushedRedisIsRebuiltFromMongoDb() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        User kai = newUser("Kai");
        befriend(mei, lin);
        befriend(kai, lin);
        for (int i = 0; i < 5; i++) {
            post(mei, "FRIENDS", "mei " + i);
            post(kai, "PUBLIC", "kai " + i);
        }
        post(lin, "PRIVATE", "lin alone");
        await().atMost(Duration.ofSeconds(10)).until(() -> homeFeed(lin, 4).size() == 11);
        List<String> before = homeFeed(lin, 4);

        redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) connection -> {
            connection.serverCommands().flushAll();
            return null;
        });

        assertThat(timeline(lin)).isEmpty();
        assertThat(homeFeed(lin, 4)).isEqualTo(before);
        assertThat(timeline(lin)).containsAll(before);
    }

    @Test
    void aPostReachesEveryFriendsTimelineWhenTheyTakeSeveralScriptRuns() {
        User author = newUser("Popular");
        List<String> friends = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            String friend = UUID.randomUUID().toString();
            friends.add(friend);
            publish(new UserEvent.FriendshipCreated(UUID.randomUUID().toString(), author.id(), friend, Instant.now(), 1));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> graph.friendsOf(author.id()).size() == friends.size());

        String id = post(author, "FRIENDS", "to every one of you");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(friends)
                .allSatisfy(friend -> assertThat(redis.opsForZSet().score("feed:timeline:" + friend, id))
                        .as(friend).isNotNull()));
        assertThat(redis.getExpire("feed:timeline:" + friends.getLast())).isPositive();
    }

    @Test
    void fanOutReloadsItsScriptWhenRedisForgotIt() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        befriend(mei, lin);
        homeFeed(lin, 20);
        String before = post(mei, "FRIENDS", "with the script loaded");
        await().atMost(Duration.ofSeconds(10)).until(() -> timeline(lin).contains(before));
        redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) connection -> {
            connection.scriptingCommands().scriptFlush();
            return null;
        });

        String id = post(mei, "FRIENDS", "after the script cache was flushed");

        await().atMost(Duration.ofSeconds(10)).until(() -> timeline(lin).contains(id));
    }

    @Test
    void aTimelineIsRebuiltOnlyWhenRedisLacksIt() {
        User mei = newUser("Mei");
        post(mei, "PUBLIC", "hello");
        var rebuilds = meters.get("kongjian.feed.timeline.rebuilds").counter();

        homeFeed(mei, 20);
        double afterFirst = rebuilds.count();
        homeFeed(mei, 20);
        homeFeed(mei, 20);

        assertThat(rebuilds.count()).isEqualTo(afterFirst);
    }

    private List<String> timeline(User user) {
        var members = redis.opsForZSet().range("feed:timeline:" + user.id(), 0, -1);
        return members == null ? List.of() : members.stream().filter(member -> !member.startsWith("~")).toList();
    }
}
