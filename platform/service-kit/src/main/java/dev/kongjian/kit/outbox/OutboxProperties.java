package dev.kongjian.kit.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay's pace: how often it looks for events when nobody woke it, how many it sends at
 * once, how long a claimed batch is its own, and how long a prepared event may wait for the
 * change it belongs to before the relay checks whether that change happened.
 */
@ConfigurationProperties("kongjian.outbox")
public record OutboxProperties(
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("10s") Duration prepareGrace) {
}
