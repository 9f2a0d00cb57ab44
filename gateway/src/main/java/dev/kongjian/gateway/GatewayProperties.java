package dev.kongjian.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Rate limits: one token bucket per signed-in user, one per client address otherwise. */
@ConfigurationProperties("kongjian.gateway")
record GatewayProperties(RateLimits rateLimit) {

    record RateLimits(Bucket authenticated, Bucket anonymous) {
    }

    /** {@code replenishRate} requests a second on average, {@code burstCapacity} at once. */
    record Bucket(int replenishRate, int burstCapacity) {
    }
}
