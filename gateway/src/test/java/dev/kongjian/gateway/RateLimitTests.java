package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import reactor.core.publisher.Mono;

class RateLimitTests {

    static final GatewayProperties.RateLimits LIMITS = new GatewayProperties.RateLimits(
            new GatewayProperties.Bucket(5, 10), new GatewayProperties.Bucket(2, 4), Duration.ofMillis(100));

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final AtomicInteger forwarded = new AtomicInteger();
    final TokenBuckets buckets = new TokenBuckets(taken -> Mono.just(taken.stream().map(each -> 100L).toList()),
            Duration.ofMillis(100), now::get);
    final RateLimit rateLimit = new RateLimit(buckets, LIMITS);

    @Test
    void aUserOverTheLimitGets429WithRetryAfterAndOthersGoOn() {
        for (int i = 0; i < LIMITS.authenticated().burstCapacity(); i++) {
            assertThat(send("alice").getResponse().getStatusCode()).isNull();
        }

        var refused = send("alice");
        var other = send("bob");

        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(refused.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(other.getResponse().getStatusCode()).isNull();
        assertThat(forwarded).hasValue(LIMITS.authenticated().burstCapacity() + 1);

        now.addAndGet(Duration.ofSeconds(1).toNanos() / LIMITS.authenticated().replenishRate());
        assertThat(send("alice").getResponse().getStatusCode()).isNull();
    }

    @Test
    void anonymousRequestsAreCountedPerAddressWithTheirOwnLimit() {
        for (int i = 0; i < LIMITS.anonymous().burstCapacity(); i++) {
            send(null);
        }

        assertThat(send(null).getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(send("alice").getResponse().getStatusCode()).isNull();
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
}
