package dev.kongjian.feed.timeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.FeedEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;
import dev.kongjian.feed.FeedProperties;
import dev.kongjian.feed.graph.FriendGraph;
import dev.kongjian.feed.post.Post;
import dev.kongjian.feed.post.Posts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Keeps home timelines in step with posts and friendships. A new post is pushed to the author's
 * and every friend's timeline (fan-out on write) unless the author has more friends than the
 * threshold, in which case readers merge it in (fan-out on read). Deletes, narrowed visibility,
 * ended friendships and blocks take posts off timelines. Every step is a set operation in Redis,
 * so a redelivered event changes nothing; failures retry and then dead-letter (service-kit).
 */
@Component
class FanOut {

    private static final Logger log = LoggerFactory.getLogger(FanOut.class);
    /** How many of a new friend's posts are brought into one's timeline. */
    static final int NEW_FRIEND_POSTS = 50;

    private final HomeTimeline timeline;
    private final FriendGraph graph;
    private final Posts posts;
    private final FeedProperties properties;
    private final Clock clock;
    private final Timer pushed;
    private final Timer readMerged;
    private final Timer delay;

    FanOut(HomeTimeline timeline, FriendGraph graph, Posts posts, FeedProperties properties, Clock clock,
            MeterRegistry meters) {
        this.timeline = timeline;
        this.graph = graph;
        this.posts = posts;
        this.properties = properties;
        this.clock = clock;
        this.pushed = Timer.builder("kongjian.feed.fanout").tag("mode", "write")
                .description("Pushing a new post to the timelines of its author's friends").register(meters);
        this.readMerged = Timer.builder("kongjian.feed.fanout").tag("mode", "read")
                .description("New posts of authors above the fan-out threshold, left for readers to merge")
                .register(meters);
        this.delay = Timer.builder("kongjian.feed.fanout.delay").publishPercentileHistogram()
                .description("From a post being written to its being on every friend's timeline").register(meters);
    }

    @KafkaListener(id = "feed-fanout", groupId = "feed-service-fanout", topics = Topics.FEED_EVENTS,
            concurrency = "${kongjian.feed.fan-out-consumers:2}")
    void onFeedEvent(ConsumerRecord<String, String> record) {
        EventJson.read(record.value()).ifPresent(event -> {
            switch (event) {
                case FeedEvent.PostCreated created -> created(created);
                case FeedEvent.PostUpdated updated -> updated(updated);
                case FeedEvent.PostDeleted deleted -> timeline.remove(everyoneOf(deleted.authorId()),
                        List.of(deleted.postId()));
                default -> {
                }
            }
        });
    }

    @KafkaListener(id = "feed-timelines", groupId = "feed-service-timelines", topics = Topics.USER_EVENTS,
            concurrency = "${kongjian.feed.graph-consumers:2}")
    void onUserEvent(ConsumerRecord<String, String> record) {
        EventJson.read(record.value()).ifPresent(event -> {
            switch (event) {
                case UserEvent.FriendshipEnded ended -> separate(ended.userId(), ended.friendId());
                case UserEvent.UserBlocked blocked -> separate(blocked.userId(), blocked.blockedUserId());
                case UserEvent.FriendshipCreated created -> {
                    introduce(created.userId(), created.friendId());
                    introduce(created.friendId(), created.userId());
                }
                default -> {
                }
            }
        });
    }

    private void created(FeedEvent.PostCreated created) {
        long millis = created.occurredAt().toEpochMilli();
        String author = created.authorId();
        if (created.visibility() == FeedEvent.Visibility.PRIVATE) {
            timeline.push(List.of(author), created.postId(), millis);
            return;
        }
        List<String> friends = graph.friendsOf(author);
        if (friends.size() > properties.fanOutThreshold()) {
            readMerged.record(() -> {
                graph.markCelebrity(author, created.occurredAt());
                timeline.push(List.of(author), created.postId(), millis);
            });
            log.debug("Post {} of {} ({} friends) left for fan-out on read", created.postId(), author, friends.size());
        } else {
            List<String> everyone = new ArrayList<>(friends);
            everyone.add(author);
            pushed.record(() -> timeline.push(everyone, created.postId(), millis));
        }
        delay.record(Duration.between(created.occurredAt(), clock.instant()));
    }

    private void updated(FeedEvent.PostUpdated updated) {
        if (updated.visibility() == FeedEvent.Visibility.PRIVATE) {
            timeline.remove(graph.friendsOf(updated.authorId()), List.of(updated.postId()));
            return;
        }
        // widened from private: now the friends get it (pushing again is harmless)
        posts.find(updated.postId()).filter(post -> !post.deleted()).ifPresent(post -> {
            List<String> friends = graph.friendsOf(updated.authorId());
            if (friends.size() <= properties.fanOutThreshold()) {
                timeline.push(friends, post.id(), post.createdAt().toEpochMilli());
            }
        });
    }

    private void separate(String a, String b) {
        timeline.remove(List.of(b), posts.recentIdsOf(a, properties.timelineSize()));
        timeline.remove(List.of(a), posts.recentIdsOf(b, properties.timelineSize()));
    }

    /** Brings the recent posts of a new friend into one's timeline. */
    private void introduce(String author, String reader) {
        for (Post post : posts.recentForFriends(List.of(author), null, null, NEW_FRIEND_POSTS)) {
            timeline.push(List.of(reader), post.id(), post.createdAt().toEpochMilli());
        }
    }

    private List<String> everyoneOf(String author) {
        List<String> everyone = new ArrayList<>(graph.friendsOf(author));
        everyone.add(author);
        return everyone;
    }
}
