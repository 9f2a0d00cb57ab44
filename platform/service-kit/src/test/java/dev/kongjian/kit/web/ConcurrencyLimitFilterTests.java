package dev.kongjian.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import tools.jackson.databind.json.JsonMapper;

class ConcurrencyLimitFilterTests {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(1, Duration.ofMillis(100),
            JsonMapper.builder().build(), meters);

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
