package dev.kongjian.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits: one token bucket per signed-in user, one per client address otherwise; and how many
 * requests the instance holds at once ({@link InFlightLimit}).
 */
@ConfigurationProperties("kongjian.gateway")
record GatewayProperties(RateLimits rateLimit, @DefaultValue("500") int maxInFlight) {

    /** {@code syncInterval}: how often each instance reconciles its buckets with the shared ones in Redis. */
    record RateLimits(Bucket authenticated, Bucket anonymous, @DefaultValue("100ms") Duration syncInterval) {
    }

    /** {@code replenishRate} requests a second on average, {@code burstCapacity} at once. */
    record Bucket(int replenishRate, int burstCapacity) {
    }
}
