package dev.kongjian.messaging.live;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Starts the subscription to the push channel in the background and keeps trying while Redis
 * cannot be reached. Started the usual way, the listener container's first failure to connect
 * (a Redis still starting, or slow to answer on a busy machine: seen at 2 s) failed the whole
 * service's start-up. Until it is subscribed, this instance's sessions miss live frames and
 * catch up from what is stored; the readiness group already reports Redis.
 */
final class PushSubscription implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PushSubscription.class);

    private final RedisMessageListenerContainer container;
    private final Duration firstWait;
    private final Duration longestWait;
    private volatile boolean running;
    private volatile Thread worker;

    PushSubscription(RedisMessageListenerContainer container, Duration firstWait, Duration longestWait) {
        this.container = container;
        this.firstWait = firstWait;
        this.longestWait = longestWait;
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofVirtual().name("push-subscription").start(this::subscribe);
    }

    private void subscribe() {
        Duration wait = firstWait;
        while (running) {
            try {
                container.start();
                return;
            } catch (RuntimeException e) {
                // a failed start leaves the container marked as started; stopping it lets the next try run
                container.stop();
                log.warn("Cannot subscribe to the push channel yet ({}); trying again in {} ms", e.getMessage(),
                        wait.toMillis());
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait = wait.multipliedBy(2).compareTo(longestWait) > 0 ? longestWait : wait.multipliedBy(2);
        }
    }

    /** Subscribed and receiving frames. */
    boolean isListening() {
        return container.isListening();
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
        }
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
