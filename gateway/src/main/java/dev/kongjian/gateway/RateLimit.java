package dev.kongjian.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * One token bucket per signed-in user, one per client address otherwise, shared by every gateway
 * instance through Redis ({@link TokenBuckets}). Over the limit: 429 problem+json with
 * {@code Retry-After}.
 */
class RateLimit implements GlobalFilter, Ordered {

    private final TokenBuckets buckets;
    private final GatewayProperties.RateLimits limits;

    RateLimit(TokenBuckets buckets, GatewayProperties.RateLimits limits) {
        this.buckets = buckets;
        this.limits = limits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(principal -> new Key("user:" + principal.getName(), limits.authenticated()))
                .switchIfEmpty(Mono.fromSupplier(() -> new Key("ip:" + address(exchange), limits.anonymous())))
                .flatMap(key -> buckets.tryTake(key.id(), key.limits()) ? chain.filter(exchange)
                        : refuse(exchange, key.limits()));
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, GatewayProperties.Bucket limits) {
        exchange.getResponse().getHeaders().set("Retry-After", Long.toString(retryAfterSeconds(limits)));
        return Problems.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                "Too many requests; slow down");
    }

    /** Whole seconds until the bucket holds a token again (at least 1). */
    static long retryAfterSeconds(GatewayProperties.Bucket bucket) {
        return Math.max(1, (long) Math.ceil(1.0 / Math.max(1, bucket.replenishRate())));
    }

    private static String address(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getRequest().getRemoteAddress())
                .map(InetSocketAddress::getAddress)
                .map(InetAddress::getHostAddress)
                .orElse("unknown");
    }

    @Override
    public int getOrder() {
        // after routing has chosen a route, before the request leaves
        return 0;
    }

    private record Key(String id, GatewayProperties.Bucket limits) {
    }
}
