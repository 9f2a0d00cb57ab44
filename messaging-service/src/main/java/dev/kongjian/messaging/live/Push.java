package dev.kongjian.messaging.live;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real-time frames to users, whichever instance holds their sessions: a frame is published once
 * on a Redis channel and every instance hands it to the sessions it holds. Best effort by design:
 * what is pushed is also stored (messages, read state, notifications), and a client that missed
 * a frame catches up with {@code afterSeq}.
 */
@Component
public class Push {

    static final String CHANNEL = "kongjian:messaging:push";

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final Clock clock;

    Push(StringRedisTemplate redis, JsonMapper json, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
    }

    /** Sends {@code frame} (a JSON object with its {@code type}) to every open session of the users. */
    public void toUsers(Collection<String> userIds, Map<String, Object> frame) {
        if (userIds.isEmpty()) {
            return;
        }
        redis.convertAndSend(CHANNEL, json.writeValueAsString(Map.of("userIds", List.copyOf(userIds), "frame", frame,
                "publishedAt", clock.millis())));
    }

    @Configuration(proxyBeanMethods = false)
    static class Subscription {

        @Bean
        RedisMessageListenerContainer pushListener(RedisConnectionFactory connections, LiveSessions sessions,
                JsonMapper json, Clock clock, MeterRegistry meters) {
            var container = new RedisMessageListenerContainer();
            container.setConnectionFactory(connections);
            container.addMessageListener(new Delivery(sessions, json, clock, meters), new ChannelTopic(CHANNEL));
            container.setAutoStartup(false);
            return container;
        }

        @Bean
        PushSubscription pushSubscription(RedisMessageListenerContainer pushListener) {
            return new PushSubscription(pushListener, Duration.ofMillis(500), Duration.ofSeconds(10));
        }
    }

    /**
     * Hands a published frame to this instance's sessions of its users, and times it: from
     * publishing to the frame handed to the sessions ({@code kongjian.messaging.push.delay}, by
     * frame type), on the instances that hold a recipient's session.
     */
    record Delivery(LiveSessions sessions, JsonMapper json, Clock clock, MeterRegistry meters)
            implements MessageListener {

        @Override
        public void onMessage(Message message, byte[] pattern) {
            JsonNode published = json.readTree(message.getBody());
            List<String> userIds = new java.util.ArrayList<>();
            published.path("userIds").forEach(id -> userIds.add(id.asString()));
            JsonNode frame = published.path("frame");
            int handed = sessions.send(userIds, json.writeValueAsString(frame));
            if (handed > 0 && published.path("publishedAt").isNumber()) {
                Timer.builder("kongjian.messaging.push.delay")
                        .description("from a frame published to it handed to this instance's sessions")
                        .tag("type", frame.path("type").asString("unknown"))
                        .register(meters)
                        .record(Duration.ofMillis(Math.max(0, clock.millis() - published.path("publishedAt").asLong())));
            }
        }
    }
}
