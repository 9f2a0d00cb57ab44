package dev.kongjian.kit.security;

import java.time.Clock;
import java.time.Duration;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers access tokens already verified, so that an app sending the same token many times a
 * minute costs one signature check rather than one per request. An entry never outlives its
 * token: {@code exp} is checked on every use, and an entry is at most a few minutes old.
 */
public final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    public VerifiedTokens(JwtDecoder verifier, Clock clock, long maximumSize) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(Duration.ofMinutes(5)).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null) {
            if (known.getExpiresAt() != null && known.getExpiresAt().isAfter(clock.instant())) {
                return known;
            }
            verified.invalidate(token);
        }
        Jwt jwt = verifier.decode(token);
        verified.put(token, jwt);
        return jwt;
    }
}
