package dev.kongjian.user.account;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.kongjian.kit.problem.DomainException;

/**
 * Brute-force protection, counted in Redis so every instance agrees: after
 * {@value #PER_ACCOUNT} failed logins for one account within the window, or
 * {@value #PER_ADDRESS} from one client address, further attempts get 429 until the window
 * passes. A successful login clears the account's count.
 */
@Component
class LoginThrottle {

    static final int PER_ACCOUNT = 5;
    static final int PER_ADDRESS = 50;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final StringRedisTemplate redis;

    LoginThrottle(StringRedisTemplate redis) {
        this.redis = redis;
    }

    void check(String username, String address) {
        long wait = Math.max(waitFor(accountKey(username), PER_ACCOUNT), waitFor(addressKey(address), PER_ADDRESS));
        if (wait > 0) {
            throw new TooManyAttempts(wait);
        }
    }

    void failed(String username, String address) {
        count(accountKey(username));
        count(addressKey(address));
    }

    void succeeded(String username) {
        redis.delete(accountKey(username));
    }

    private long waitFor(String key, int limit) {
        String value = redis.opsForValue().get(key);
        if (value == null || Long.parseLong(value) < limit) {
            return 0;
        }
        Long ttl = redis.getExpire(key);
        return ttl == null || ttl < 1 ? 1 : ttl;
    }

    private void count(String key) {
        Long count = redis.opsForValue().increment(key);
        if (count != null && count == 1) {
            redis.expire(key, WINDOW);
        }
    }

    private static String accountKey(String username) {
        return "login-fail:account:" + (username == null ? "" : username.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "login-fail:address:" + address;
    }

    static final class TooManyAttempts extends DomainException {
        private static final long serialVersionUID = 1L;

        private final long retryAfterSeconds;

        TooManyAttempts(long retryAfterSeconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, "too-many-login-attempts",
                    "Too many failed sign-in attempts; try again later");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", Long.toString(retryAfterSeconds));
        }
    }
}
