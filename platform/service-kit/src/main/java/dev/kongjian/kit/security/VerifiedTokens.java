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
 * token: {@code exp} is checked on every use, and an entry is at most a few minutes old. The
 * memory it may take is bounded in bytes (a token's text plus about a kilobyte for its parsed
 * header and claims), so that many distinct users evict old entries instead of filling the heap.
 */
public final class VerifiedTokens implements JwtDecoder {

    /** About 16 MB: some 9,000 of Kongjian's access tokens. */
    public static final long DEFAULT_MAXIMUM_BYTES = 16L * 1024 * 1024;

    /** Roughly what a decoded token's header and claims take besides its text. */
    private static final int PARSED_BYTES = 1024;

    private final JwtDecoder verifier;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    public VerifiedTokens(JwtDecoder verifier, Clock clock, long maximumBytes) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumWeight(maximumBytes)
                .weigher((String token, Jwt jwt) -> token.length() + PARSED_BYTES)
                .expireAfterWrite(Duration.ofMinutes(5))
                .build();
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
