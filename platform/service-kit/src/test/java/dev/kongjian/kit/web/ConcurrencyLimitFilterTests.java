package dev.kongjian.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import tools.jackson.databind.json.JsonMapper;

class ConcurrencyLimitFilterTests {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** one thread per request, as Tomcat's virtual threads (the common pool may have a single thread) */
    final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    final ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(1, 10, Duration.ofMillis(100),
            JsonMapper.builder().build(), meters);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void beyondTheLimitARequestWaitsItsTurnThenIsRefusedWith503() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MockHttpServletResponse> first = CompletableFuture.supplyAsync(() -> run("/api/v1/feed/home",
                (request, response) -> {
                    inside.countDown();
                    await(release);
                    ((MockHttpServletResponse) response).setStatus(200);
                }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(meters.get("kongjian.http.requests.in.progress").gauge().value()).isEqualTo(1);

        MockHttpServletResponse refused = run("/api/v1/feed/home", (request, response) -> {
            throw new AssertionError("must not run while the only turn is taken");
        });

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.getContentAsString()).contains("\"status\":503");
        assertThat(meters.get("kongjian.http.requests.refused").counter().count()).isEqualTo(1);

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(run("/api/v1/feed/home", (request, response) -> ((MockHttpServletResponse) response)
                .setStatus(204)).getStatus()).as("the turn is given back").isEqualTo(204);
    }

    @Test
    void aWaitingRequestRunsWhenATurnFreesInTime() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<MockHttpServletResponse> first = CompletableFuture.supplyAsync(() -> run("/api/v1/x",
                (request, response) -> {
                    inside.countDown();
                    sleep(30);
                }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        MockHttpServletResponse second = run("/api/v1/x", (request, response) -> ((MockHttpServletResponse) response)
                .setStatus(201));

        assertThat(second.getStatus()).isEqualTo(201);
        first.get(5, TimeUnit.SECONDS);
    }

    @Test
    void whenTheQueueIsFullARequestIsRefusedAtOnceWhileTheOneWaitingKeepsItsPlace() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(1, 1, Duration.ofSeconds(10),
                JsonMapper.builder().build(), meters);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MockHttpServletResponse> working = CompletableFuture.supplyAsync(() -> run(filter, "/api/v1/x",
                (request, response) -> {
                    inside.countDown();
                    await(release);
                    ((MockHttpServletResponse) response).setStatus(200);
                }), threads);
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<MockHttpServletResponse> queued = CompletableFuture.supplyAsync(() -> run(filter, "/api/v1/x",
                (request, response) -> ((MockHttpServletResponse) response).setStatus(201)), threads);
        awaitGauge(meters, "kongjian.http.requests.waiting", 1);

        long started = System.nanoTime();
        MockHttpServletResponse refused = run(filter, "/api/v1/x", (request, response) -> {
            throw new AssertionError("must not run while the only turn and the only place in the queue are taken");
        });

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused without waiting")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(queued).isNotDone();
        release.countDown();
        assertThat(working.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(queued.get(5, TimeUnit.SECONDS).getStatus()).as("the waiting one got its turn").isEqualTo(201);
        assertThat(meters.get("kongjian.http.requests.waiting").gauge().value()).isZero();
    }

    @Test
    void withNoQueueARequestBeyondTheLimitIsRefusedAndOneWithinItRuns() throws Exception {
        ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(1, 0, Duration.ofSeconds(10),
                JsonMapper.builder().build(), new SimpleMeterRegistry());
        assertThat(run(filter, "/api/v1/x", (request, response) -> ((MockHttpServletResponse) response).setStatus(204))
                .getStatus()).isEqualTo(204);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> run(filter, "/api/v1/x", (request, response) -> {
            inside.countDown();
            await(release);
        }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(run(filter, "/api/v1/x", (request, response) -> {
            throw new AssertionError("must not run");
        }).getStatus()).isEqualTo(503);
        release.countDown();
    }

    @Test
    void healthAndMetricsAreNeverHeldBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> run("/api/v1/x", (request, response) -> {
            inside.countDown();
            await(release);
        }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        MockHttpServletResponse health = run("/actuator/health/liveness",
                (request, response) -> ((MockHttpServletResponse) response).setStatus(200));

        assertThat(health.getStatus()).isEqualTo(200);
        release.countDown();
    }

    private MockHttpServletResponse run(String path, FilterChain chain) {
        return run(filter, path, chain);
    }

    private static MockHttpServletResponse run(ConcurrencyLimitFilter filter, String path, FilterChain chain) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRequestURI(path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            filter.doFilter(request, response, chain);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    private static void awaitGauge(SimpleMeterRegistry meters, String name, double value)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (meters.get(name).gauge().value() != value && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(meters.get(name).gauge().value()).isEqualTo(value);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
