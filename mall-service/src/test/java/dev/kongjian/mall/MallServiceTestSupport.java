package dev.kongjian.mall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Predicate;

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

import dev.kongjian.events.KongjianEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.kit.security.ResourceServerConfiguration;
import dev.kongjian.kit.security.SecurityProperties;
import dev.kongjian.kit.users.UserDirectory;
import dev.kongjian.mall.people.People;
import dev.kongjian.testing.EventCapture;
import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.TestInfrastructure;
import dev.kongjian.testing.TestTokens;
import dev.kongjian.testing.UserEvents;
import tools.jackson.databind.JsonNode;

/**
 * What mall-service's integration tests share: one running service on the embedded
 * infrastructure, people made the way production makes them (events on {@code user.events}),
 * tokens, a clock the test can move, and the events the service published. Repairs run when a
 * test calls them, not on a timer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false", "kongjian.outbox.poll-interval=100ms", "kongjian.outbox.prepare-grace=1s",
        "kongjian.mall.repair-after=1m", "kongjian.mall.repair-every=1h" })
@Import({ TestInfrastructure.class, MallServiceTestSupport.TestBeans.class })
public abstract class MallServiceTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    protected People people;

    @Autowired
    protected MongoTemplate mongo;

    @Autowired
    protected StringRedisTemplate redis;

    @Autowired
    protected MovableClock clock;

    /** user-service, asked about a receiver the replica does not know; unreachable unless a test says otherwise. */
    @MockitoBean
    protected UserDirectory directory;

    protected HttpTestClient http;

    /** The system clock, moved by however much a test says; every test starts at the real time. */
    public static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        public void moveBy(Duration duration) {
            offset = offset.plus(duration);
        }

        void reset() {
            offset = Duration.ZERO;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        @Bean
        JwtDecoder testJwtDecoder(SecurityProperties properties) {
            return TestTokens.decoder(ResourceServerConfiguration.validator(properties));
        }

        @Bean
        MovableClock clock() {
            return new MovableClock();
        }
    }

    protected record User(String id, String token) {
    }

    @BeforeEach
    void client() {
        http = new HttpTestClient("http://localhost:" + port);
        clock.reset();
        EventCapture.of(Topics.MALL_EVENTS);
    }

    protected User newUser() {
        String id = UserEvents.register(kafka);
        await().atMost(Duration.ofSeconds(30)).until(() -> people.exists(id));
        return new User(id, TestTokens.issue(id));
    }

    protected User admin() {
        return new User(UUID.randomUUID().toString(), TestTokens.issue(UUID.randomUUID().toString(), "ADMIN"));
    }

    protected void publish(KongjianEvent event) {
        UserEvents.publish(kafka, event);
    }

    protected void topUp(User user, long coins) {
        var answer = http.send("POST", "/api/v1/wallet/top-ups", user.token(), "{\"amountCoins\":" + coins + "}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    protected JsonNode wallet(User user) {
        var answer = http.send("GET", "/api/v1/wallet", user.token(), null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** A new catalog item, made by an administrator through the API. */
    protected String item(String category, long priceCoins, Long pricePoints, Long stock, Integer durationDays) {
        String body = "{\"name\":\"Item %s\",\"category\":\"%s\",\"priceCoins\":%d,\"pricePoints\":%s,\"stock\":%s,\"durationDays\":%s}"
                .formatted(UUID.randomUUID(), category, priceCoins, pricePoints, stock, durationDays);
        var created = http.send("POST", "/api/v1/admin/mall/items", admin().token(), body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    protected HttpTestClient.Answer order(User buyer, String itemId, int quantity, String payWith, String giftTo,
            String... headers) {
        String body = "{\"itemId\":\"%s\",\"quantity\":%d,\"payWith\":\"%s\"%s}".formatted(itemId, quantity, payWith,
                giftTo == null ? "" : ",\"giftToUserId\":\"" + giftTo + "\"");
        return http.send("POST", "/api/v1/mall/orders", buyer.token(), body, headers);
    }

    protected <T extends KongjianEvent> T awaitEvent(Class<T> type, Predicate<T> matching) {
        return EventCapture.of(Topics.MALL_EVENTS).await(type, matching);
    }

    protected <T extends KongjianEvent> java.util.List<T> published(Class<T> type, Predicate<T> matching) {
        return EventCapture.of(Topics.MALL_EVENTS).published(type, matching);
    }
}
