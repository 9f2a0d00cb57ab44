package dev.kongjian.kit.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a first answer is replayed, and how long a request may hold its key while it runs
 * (after that a crashed instance's key frees itself).
 */
@ConfigurationProperties("kongjian.idempotency")
public record IdempotencyProperties(
        @DefaultValue("24h") Duration replayFor,
        @DefaultValue("60s") Duration leaseFor,
        @DefaultValue("1MB") org.springframework.util.unit.DataSize maxBody) {
}
