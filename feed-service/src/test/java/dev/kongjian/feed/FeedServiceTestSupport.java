package dev.kongjian.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.bson.conversions.Bson;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.KongjianEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;
import dev.kongjian.feed.graph.FriendGraph;
import dev.kongjian.kit.security.ResourceServerConfiguration;
import dev.kongjian.kit.security.SecurityProperties;
import dev.kongjian.kit.users.UserDirectory;
import dev.kongjian.testing.EventCapture;
import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.TestInfrastructure;
import dev.kongjian.testing.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * What feed-service's integration tests share: one running service on the embedded
 * infrastructure, people and friendships made the way production makes them (events on
 * {@code user.events}), tokens, and the events the service published.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false", "kongjian.outbox.poll-interval=100ms", "kongjian.outbox.prepare-grace=1s" })
@Import({ TestInfrastructure.class, FeedServiceTestSupport.Tokens.class })
public abstract class FeedServiceTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    protected FriendGraph graph;

    @Autowired
    protected StringRedisTemplate redis;

    @Autowired
    protected MongoTemplate mongo;

    /** user-service, asked where the replica says no; unreachable unless a test says otherwise. */
    @MockitoBean
    protected UserDirectory directory;

    protected HttpTestClient http;

    @TestConfiguration(proxyBeanMethods = false)
    static class Tokens {
        @Bean
        JwtDecoder testJwtDecoder(SecurityProperties properties) {
            return TestTokens.decoder(ResourceServerConfiguration.validator(properties));
        }
    }

    protected record User(String id, String username, String token) {
    }

    @BeforeEach
    void client() {
        http = new HttpTestClient("http://localhost:" + port);
        org.mockito.Mockito.when(directory.relationTo(org.mockito.ArgumentMatchers.anyString()))
                .thenReturn(UserDirectory.Relation.UNAVAILABLE);
        EventCapture.of(Topics.FEED_EVENTS);
    }

    protected User newUser(String displayName) {
        return newUser(displayName, UserEvent.SpaceVisibility.PUBLIC);
    }

    protected User newUser(String displayName, UserEvent.SpaceVisibility space) {
        String id = UUID.randomUUID().toString();
        String username = "u_" + id.replace("-", "").substring(0, 14);
        publish(new UserEvent.UserRegistered(UUID.randomUUID().toString(), id, username, displayName, space,
                Instant.now(), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> graph.person(id).isPresent());
        return new User(id, username, TestTokens.issue(id));
    }

    /** Drops what the service keeps of a request's Idempotency-Key, as if its instance died running it. */
    protected void forgetIdempotencyKey(User user, String key) {
        redis.delete("idem:feed-service:" + user.id() + ":" + key);
    }

    /**
     * What a counted write (a like, comment or share stored or removed) that died after moving
     * the post's counter, before its write was confirmed, leaves on the post; {@code moved} false
     * where the counter had moved already, by the same attempt finishing later.
     */
    protected void diedHalfway(String postId, String counter, String op, long delta, Duration ago, boolean moved) {
        Bson pending = Updates.push("_pendingCounts", new org.bson.Document("op", op).append("counter", counter)
                .append("delta", delta).append("at", java.util.Date.from(Instant.now().minus(ago))));
        mongo.getCollection("posts").updateOne(Filters.eq("_id", postId),
                moved ? Updates.combine(Updates.inc(counter, delta), pending) : pending);
    }

    protected long counter(String postId, String counter) {
        return ((Number) mongo.getCollection("posts").find(Filters.eq("_id", postId)).first().get(counter)).longValue();
    }

    protected List<org.bson.Document> pendingCounts(String postId) {
        return mongo.getCollection("posts").find(Filters.eq("_id", postId)).first()
                .getList("_pendingCounts", org.bson.Document.class, List.of());
    }

    protected void befriend(User a, User b) {
        publish(new UserEvent.FriendshipCreated(UUID.randomUUID().toString(), a.id(), b.id(), Instant.now(), 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> graph.areFriends(a.id(), b.id())
                && graph.friendsOf(a.id()).contains(b.id()) && graph.friendsOf(b.id()).contains(a.id()));
    }

    protected void publish(KongjianEvent event) {
        try {
            kafka.send(event.topic(), event.aggregateId(), EventJson.writeString(event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected String post(User author, String visibility, String text) {
        var created = http.send("POST", "/api/v1/posts", author.token(),
                "{\"text\":\"%s\",\"visibility\":\"%s\"}".formatted(text, visibility));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    /** The ids of a user's whole home feed, page by page. */
    protected List<String> homeFeed(User user, int pageSize) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var page = http.send("GET", "/api/v1/feed/home?limit=" + pageSize
                    + (cursor == null ? "" : "&cursor=" + cursor), user.token(), null);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonNode json = page.json();
            json.path("items").forEach(item -> ids.add(item.path("id").asString()));
            cursor = json.path("nextCursor").isNull() ? null : json.path("nextCursor").asString();
        } while (cursor != null);
        return ids;
    }

    protected <T extends KongjianEvent> T awaitEvent(Class<T> type, Predicate<T> matching) {
        return EventCapture.of(Topics.FEED_EVENTS).await(type, matching);
    }

    protected <T extends KongjianEvent> List<T> published(Class<T> type, Predicate<T> matching) {
        return EventCapture.of(Topics.FEED_EVENTS).published(type, matching);
    }
}
