package dev.kongjian.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistration;
import org.springframework.context.SmartLifecycle;

class DiscoveryDepartureTests {

    final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

    @Test
    void leavesDiscoveryThenKeepsServingForTheDrainBeforeShutdownGoesOn() {
        var registration = new FakeRegistration();
        beans.registerSingleton("registration", registration);
        var departure = new DiscoveryDeparture(beans.getBeanProvider(AutoServiceRegistration.class),
                Duration.ofMillis(300));
        departure.start();

        long start = System.nanoTime();
        departure.stop();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(registration.stoppedAtNanos - start).isLessThan(Duration.ofMillis(100).toNanos());
        assertThat(tookMillis).isGreaterThanOrEqualTo(300);
        assertThat(registration.isRunning()).isFalse();
        assertThat(departure.isRunning()).isFalse();
    }

    @Test
    void stopsBeforeTheWebServerStopsTakingRequests() {
        var departure = new DiscoveryDeparture(beans.getBeanProvider(AutoServiceRegistration.class), Duration.ZERO);

        // Spring stops the highest phase first
        assertThat(departure.getPhase()).isGreaterThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
    }

    @Test
    void withoutDiscoveryItDoesNotWait() {
        var departure = new DiscoveryDeparture(beans.getBeanProvider(AutoServiceRegistration.class),
                Duration.ofSeconds(30));
        departure.start();

        long start = System.nanoTime();
        departure.stop();

        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void anInstanceWhoseRegistrationAlreadyStoppedIsStillDrained() {
        // Eureka's registration marks the instance DOWN as soon as the context starts closing
        var registration = new FakeRegistration();
        registration.stop();
        beans.registerSingleton("registration", registration);
        var departure = new DiscoveryDeparture(beans.getBeanProvider(AutoServiceRegistration.class),
                Duration.ofMillis(300));

        long start = System.nanoTime();
        departure.stop();

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(registration.stops).isEqualTo(1);
    }

    /** Like Eureka's auto-registration: a lifecycle of its own, which Spring would stop last (phase 0). */
    static final class FakeRegistration implements AutoServiceRegistration, SmartLifecycle {

        volatile boolean running = true;
        volatile long stoppedAtNanos;
        volatile int stops;

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            stops++;
            stoppedAtNanos = System.nanoTime();
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return 0;
        }
    }
}
