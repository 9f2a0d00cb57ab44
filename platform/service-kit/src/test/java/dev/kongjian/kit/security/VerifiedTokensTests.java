package dev.kongjian.kit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokensTests {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final long MEMORY = VerifiedTokens.DEFAULT_MAXIMUM_BYTES;

    final AtomicInteger checks = new AtomicInteger();

    JwtDecoder verifier(Instant expiresAt) {
        return token -> {
            checks.incrementAndGet();
            if (token.startsWith("bad")) {
                throw new BadJwtException("bad signature");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("u").issuedAt(NOW.minusSeconds(60))
                    .expiresAt(expiresAt).build();
        };
    }

    @Test
    void aTokenIsVerifiedOnceWhileValid() {
        var tokens = new VerifiedTokens(verifier(NOW.plusSeconds(600)), Clock.fixed(NOW, ZoneOffset.UTC), MEMORY);

        tokens.decode("t1");
        tokens.decode("t1");

        assertThat(checks).hasValue(1);
    }

    @Test
    void anExpiredTokenIsCheckedAgainAndRejectedTokensAreNeverRemembered() {
        var tokens = new VerifiedTokens(verifier(NOW.minusSeconds(1)), Clock.fixed(NOW, ZoneOffset.UTC), MEMORY);
        tokens.decode("t1");
        tokens.decode("t1");
        assertThat(checks).hasValue(2);

        assertThatThrownBy(() -> tokens.decode("bad")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("bad")).isInstanceOf(BadJwtException.class);
        assertThat(checks).hasValue(4);
    }
}
