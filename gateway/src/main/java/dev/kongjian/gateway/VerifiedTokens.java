package dev.kongjian.gateway;

import java.time.Clock;
import java.time.Duration;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import reactor.core.publisher.Mono;

/**
 * Remembers tokens already verified, so that an app sending the same access token many times
 * a minute costs one signature check, not one per request. An entry never outlives its token:
 * it is re-checked against {@code exp} on every use, and at most a few minutes old. The memory
 * it may take is bounded in bytes (a token's text plus about a kilobyte for its parsed header
 * and claims), so that many distinct users evict old entries instead of filling the heap.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

    /** About 16 MB: some 9,000 of Kongjian's access tokens. */
    static final long DEFAULT_MAXIMUM_BYTES = 16L * 1024 * 1024;

    /** Roughly what a decoded token's header and claims take besides its text. */
    private static final int PARSED_BYTES = 1024;

    private final ReactiveJwtDecoder verifier;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    VerifiedTokens(ReactiveJwtDecoder verifier, Clock clock, long maximumBytes) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumWeight(maximumBytes)
                .weigher((String token, Jwt jwt) -> token.length() + PARSED_BYTES)
                .expireAfterWrite(Duration.ofMinutes(5))
                .build();
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null) {
            if (known.getExpiresAt() != null && known.getExpiresAt().isAfter(clock.instant())) {
                return Mono.just(known);
            }
            verified.invalidate(token);
        }
        return verifier.decode(token).doOnNext(jwt -> verified.put(token, jwt));
    }
}
