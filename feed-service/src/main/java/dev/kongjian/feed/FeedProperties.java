package dev.kongjian.feed;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the feed behaves: above {@code fanOutThreshold} friends an author's posts are merged in at
 * read time instead of pushed to every friend; a home timeline keeps {@code timelineSize} posts
 * and is dropped when unread for {@code timelineIdle} (it is rebuilt from MongoDB on the next
 * read); trending looks back over {@code trendingWindow}, and engagement loses half its weight
 * every {@code trendingHalfLife}.
 */
@ConfigurationProperties("kongjian.feed")
public record FeedProperties(
        @DefaultValue("5000") int fanOutThreshold,
        @DefaultValue("800") int timelineSize,
        @DefaultValue("7d") Duration timelineIdle,
        @DefaultValue("24h") Duration trendingWindow,
        @DefaultValue("6h") Duration trendingHalfLife,
        @DefaultValue("30s") Duration trendingRefresh) {
}
