package dev.kongjian.kit.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a first answer is replayed; how long a claim on a key lasts unless renewed (its
 * instance renews it while the request runs, so this is how soon a dead instance's keys free
 * themselves); the largest body a fingerprint is taken of.
 */
@ConfigurationProperties("kongjian.idempotency")
public record IdempotencyProperties(
        @DefaultValue("24h") Duration replayFor,
        @DefaultValue("10s") Duration leaseFor,
        @DefaultValue("1MB") org.springframework.util.unit.DataSize maxBody) {
}
