package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import reactor.core.publisher.Mono;

class VerifiedTokensTests {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final long MEMORY = VerifiedTokens.DEFAULT_MAXIMUM_BYTES;

    final AtomicInteger checks = new AtomicInteger();

    ReactiveJwtDecoder verifier(Instant expiresAt) {
        return token -> {
            checks.incrementAndGet();
            if (token.startsWith("bad")) {
                return Mono.error(new BadJwtException("bad signature"));
            }
            return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("u")
                    .issuedAt(NOW.minusSeconds(60)).expiresAt(expiresAt).build());
        };
    }

    @Test
    void aTokenIsVerifiedOnceWhileItIsValid() {
        var tokens = new VerifiedTokens(verifier(NOW.plusSeconds(600)), Clock.fixed(NOW, ZoneOffset.UTC), MEMORY);

        tokens.decode("t1").block();
        tokens.decode("t1").block();
        tokens.decode("t2").block();

        assertThat(checks).hasValue(2);
    }

    @Test
    void anExpiredTokenIsNeverServedFromMemory() {
        var clock = new MutableClock(NOW);
        var tokens = new VerifiedTokens(verifier(NOW.plusSeconds(60)), clock, MEMORY);
        tokens.decode("t1").block();

        clock.now = NOW.plusSeconds(61);
        tokens.decode("t1").block();

        assertThat(checks).hasValue(2);
    }

    @Test
    void aRejectedTokenIsRejectedEveryTime() {
        var tokens = new VerifiedTokens(verifier(NOW.plusSeconds(600)), Clock.fixed(NOW, ZoneOffset.UTC), MEMORY);

        for (int i = 0; i < 2; i++) {
            assertThat(tokens.decode("bad").onErrorResume(e -> Mono.empty()).block()).isNull();
        }
        assertThat(checks).hasValue(2);
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
