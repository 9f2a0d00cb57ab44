package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import reactor.core.publisher.Mono;

class RateLimitTests {

    static final GatewayProperties.RateLimits LIMITS = new GatewayProperties.RateLimits(
            new GatewayProperties.Bucket(5, 10), new GatewayProperties.Bucket(2, 4));

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final AtomicInteger forwarded = new AtomicInteger();
    @SuppressWarnings("unchecked")
    final RateLimiter<Object> redis = mock(RateLimiter.class);
    final RateLimit rateLimit = new RateLimit(redis, LIMITS, now::get);

    @Test
    void everyRequestTakesItsTokenFromTheSharedBucketWithoutWaitingForIt() {
        when(redis.isAllowed(anyString(), anyString())).thenReturn(Mono.never());

        var answer = send("alice");

        assertThat(answer.getResponse().getStatusCode()).isNull();
        assertThat(forwarded).hasValue(1);
        verify(redis).isAllowed(RateLimit.USER_BUCKET, "user:alice");
    }

    @Test
    void onceRedisReportsTheBucketEmptyTheUserIsRefusedHereUntilTheNextTokenIsDue() {
        when(redis.isAllowed(anyString(), eq("user:alice"))).thenReturn(answer(false));
        when(redis.isAllowed(anyString(), eq("user:bob"))).thenReturn(answer(true));

        send("alice");
        var refused = send("alice");
        var other = send("bob");

        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(other.getResponse().getStatusCode()).isNull();
        assertThat(forwarded).hasValue(2);
        // a refused request takes no token
        verify(redis, times(1)).isAllowed(RateLimit.USER_BUCKET, "user:alice");

        now.addAndGet(Duration.ofSeconds(1).toNanos() / LIMITS.authenticated().replenishRate());
        var later = send("alice");

        assertThat(later.getResponse().getStatusCode()).isNull();
        verify(redis, times(2)).isAllowed(RateLimit.USER_BUCKET, "user:alice");
    }

    @Test
    void anonymousRequestsAreCountedPerAddress() {
        when(redis.isAllowed(anyString(), anyString())).thenReturn(answer(false));

        send(null);
        var refused = send(null);

        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        verify(redis).isAllowed(RateLimit.ADDRESS_BUCKET, "ip:10.1.2.3");
    }

    @Test
    void anUnreachableRedisLetsEverythingThrough() {
        when(redis.isAllowed(anyString(), anyString()))
                .thenReturn(Mono.error(new IllegalStateException("Redis is down")));

        send("alice");
        var second = send("alice");

        assertThat(second.getResponse().getStatusCode()).isNull();
        assertThat(forwarded).hasValue(2);
    }

    private MockServerWebExchange send(String user) {
        var request = MockServerHttpRequest.get("/api/v1/feed/home")
                .remoteAddress(new java.net.InetSocketAddress("10.1.2.3", 40000));
        var builder = MockServerWebExchange.builder(request);
        if (user != null) {
            Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject(user).issuedAt(Instant.EPOCH)
                    .expiresAt(Instant.EPOCH.plusSeconds(900)).build();
            builder.principal(new JwtAuthenticationToken(jwt));
        }
        MockServerWebExchange exchange = builder.build();
        rateLimit.filter(exchange, forwarded -> {
            this.forwarded.incrementAndGet();
            return Mono.empty();
        }).block();
        return exchange;
    }

    private static Mono<RateLimiter.Response> answer(boolean allowed) {
        return Mono.just(new RateLimiter.Response(allowed, Map.of()));
    }
}
