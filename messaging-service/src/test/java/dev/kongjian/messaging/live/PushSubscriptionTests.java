package dev.kongjian.messaging.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import dev.kongjian.testing.EmbeddedInfrastructure;

class PushSubscriptionTests {

    @Test
    void aRedisThatIsNotThereYetDoesNotStopTheStartAndIsSubscribedToOnceItIs() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
        connections.afterPropertiesSet();
        connections.start();
        var container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        List<String> received = new CopyOnWriteArrayList<>();
        container.addMessageListener((message, pattern) -> received.add(new String(message.getBody(),
                StandardCharsets.UTF_8)), new ChannelTopic(Push.CHANNEL));
        container.afterPropertiesSet();
        var subscription = new PushSubscription(container, Duration.ofMillis(100), Duration.ofMillis(400));
        try {
            subscription.start();
            Thread.sleep(800);
            assertThat(subscription.isRunning()).isTrue();
            assertThat(subscription.isListening()).isFalse();

            var redis = EmbeddedInfrastructure.redis(port);
            try {
                await().atMost(Duration.ofSeconds(20)).until(subscription::isListening);
                var template = new StringRedisTemplate(connections);
                template.convertAndSend(Push.CHANNEL, "hello");
                await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("hello"));
            } finally {
                subscription.stop();
                redis.close();
            }
        } finally {
            container.destroy();
            connections.destroy();
        }
        assertThat(subscription.isRunning()).isFalse();
    }
}
