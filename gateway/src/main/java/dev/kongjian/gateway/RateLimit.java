package dev.kongjian.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, shared by every gateway instance: per user when signed in, per client
 * address otherwise. Over the limit: 429 problem+json with {@code Retry-After}.
 *
 * <p>A request does not wait for Redis. It takes its token from the bucket as it passes, and when
 * Redis answers that a bucket is empty, this instance refuses that user or address locally until
 * the bucket's next token is due; the request after that asks Redis again. So every request is
 * still counted in the one shared bucket, while Redis's round trip (and the hop to its client's
 * thread) stays off the request's path: measured at a fifth of the gateway's throughput. The
 * price is that a client may get through a few more requests than its bucket held, those that
 * arrive in the moment between emptying the bucket and Redis's answer. If Redis is unreachable
 * the limiter lets everything through (fails open) rather than taking the app down.
 */
class RateLimit implements GlobalFilter, Ordered {

    static final String USER_BUCKET = "user";
    static final String ADDRESS_BUCKET = "address";

    private final RateLimiter<?> limiter;
    private final GatewayProperties.RateLimits limits;
    private final LongSupplier nanoTime;
    /** Users and addresses whose bucket Redis reported empty, with the nano time their next token is due. */
    private final Cache<String, Long> refusedUntil = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    RateLimit(RedisRateLimiter limiter, GatewayProperties.RateLimits limits) {
        this(limiter, limits, System::nanoTime);
        limiter.getConfig().put(USER_BUCKET, config(limits.authenticated()));
        limiter.getConfig().put(ADDRESS_BUCKET, config(limits.anonymous()));
    }

    /** With any limiter whose configuration holds the {@link #USER_BUCKET} and {@link #ADDRESS_BUCKET} buckets. */
    RateLimit(RateLimiter<?> limiter, GatewayProperties.RateLimits limits, LongSupplier nanoTime) {
        this.limiter = limiter;
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(principal -> new Key(USER_BUCKET, "user:" + principal.getName()))
                .switchIfEmpty(Mono.fromSupplier(() -> new Key(ADDRESS_BUCKET, "ip:" + address(exchange))))
                .flatMap(key -> {
                    GatewayProperties.Bucket bucket = bucket(key);
                    Long until = refusedUntil.getIfPresent(key.id());
                    if (until != null && until - nanoTime.getAsLong() > 0) {
                        exchange.getResponse().getHeaders().set("Retry-After",
                                Long.toString(retryAfterSeconds(bucket)));
                        return Problems.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS,
                                "too-many-requests", "Too many requests; slow down");
                    }
                    takeToken(key, bucket);
                    return chain.filter(exchange);
                });
    }

    private void takeToken(Key key, GatewayProperties.Bucket bucket) {
        limiter.isAllowed(key.bucket(), key.id()).subscribe(response -> {
            if (!response.isAllowed()) {
                refusedUntil.put(key.id(), nanoTime.getAsLong() + nextTokenNanos(bucket));
            }
        }, error -> {
            // fails open: the request has gone on already
        });
    }

    private GatewayProperties.Bucket bucket(Key key) {
        return USER_BUCKET.equals(key.bucket()) ? limits.authenticated() : limits.anonymous();
    }

    /** Whole seconds until the bucket holds a token again (at least 1). */
    static long retryAfterSeconds(GatewayProperties.Bucket bucket) {
        return Math.max(1, (long) Math.ceil(1.0 / Math.max(1, bucket.replenishRate())));
    }

    /** How long until an empty bucket holds its next token. */
    static long nextTokenNanos(GatewayProperties.Bucket bucket) {
        return Duration.ofSeconds(1).toNanos() / Math.max(1, bucket.replenishRate());
    }

    private static String address(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getRequest().getRemoteAddress())
                .map(InetSocketAddress::getAddress)
                .map(InetAddress::getHostAddress)
                .orElse("unknown");
    }

    private static RedisRateLimiter.Config config(GatewayProperties.Bucket bucket) {
        return new RedisRateLimiter.Config().setReplenishRate(bucket.replenishRate())
                .setBurstCapacity(bucket.burstCapacity()).setRequestedTokens(1);
    }

    @Override
    public int getOrder() {
        // after routing has chosen a route, before the request leaves
        return 0;
    }

    private record Key(String bucket, String id) {
    }
}
