package dev.kongjian.gateway;

import java.net.InetSocketAddress;
import java.util.Optional;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, shared by every gateway instance: per user when signed in, per client
 * address otherwise. Over the limit: 429 problem+json with {@code Retry-After}. If Redis is
 * unreachable the request passes (the limiter fails open) rather than taking the app down.
 */
class RateLimit implements GlobalFilter, Ordered {

    static final String USER_BUCKET = "user";
    static final String ADDRESS_BUCKET = "address";

    private final RedisRateLimiter limiter;
    private final GatewayProperties.RateLimits limits;

    RateLimit(RedisRateLimiter limiter, GatewayProperties.RateLimits limits) {
        this.limiter = limiter;
        this.limits = limits;
        limiter.getConfig().put(USER_BUCKET, config(limits.authenticated()));
        limiter.getConfig().put(ADDRESS_BUCKET, config(limits.anonymous()));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(principal -> new Key(USER_BUCKET, "user:" + principal.getName()))
                .switchIfEmpty(Mono.fromSupplier(() -> new Key(ADDRESS_BUCKET, "ip:" + address(exchange))))
                .flatMap(key -> limiter.isAllowed(key.bucket(), key.id()).flatMap(response -> {
                    response.getHeaders().forEach(exchange.getResponse().getHeaders()::set);
                    if (response.isAllowed()) {
                        return chain.filter(exchange);
                    }
                    GatewayProperties.Bucket bucket = USER_BUCKET.equals(key.bucket()) ? limits.authenticated()
                            : limits.anonymous();
                    exchange.getResponse().getHeaders().set("Retry-After", Long.toString(retryAfterSeconds(bucket)));
                    return Problems.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                            "Too many requests; slow down");
                }));
    }

    /** Whole seconds until the bucket holds a token again (at least 1). */
    static long retryAfterSeconds(GatewayProperties.Bucket bucket) {
        return Math.max(1, (long) Math.ceil(1.0 / Math.max(1, bucket.replenishRate())));
    }

    private static String address(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getRequest().getRemoteAddress())
                .map(InetSocketAddress::getAddress)
                .map(java.net.InetAddress::getHostAddress)
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
