package dev.kongjian.kit.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.kongjian.kit.problem.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * At most {@code limit} requests are worked on at once by this instance; the next wait their turn
 * (first come, first served) for up to {@code maxWait}, then get 503 problem+json with
 * {@code Retry-After}. With virtual threads nothing else bounds this: in a burst beyond what the
 * cores can serve, every request started at once and held its memory until the heap ran out
 * (measured: feed-service ended with OutOfMemoryError at 500 home-feed reads/s through the gateway
 * on a 2-core machine). Waiting for a turn holds almost nothing. Health and metrics are never held
 * back.
 */
public final class ConcurrencyLimitFilter extends OncePerRequestFilter {

    private final Semaphore turns;
    private final long maxWaitNanos;
    private final JsonMapper json;
    private final Counter refused;

    public ConcurrencyLimitFilter(int limit, Duration maxWait, JsonMapper json, MeterRegistry meters) {
        this.turns = new Semaphore(limit, true);
        this.maxWaitNanos = maxWait.toNanos();
        this.json = json;
        this.refused = Counter.builder("kongjian.http.requests.refused")
                .description("Requests answered 503 because the instance was already working on its limit")
                .register(meters);
        Gauge.builder("kongjian.http.requests.in.progress", turns, permits -> limit - permits.availablePermits())
                .description("Requests being worked on (at most the concurrency limit)").register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!takeTurn()) {
            refused.increment();
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            Problems.write(response, json, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                    "The service is busy right now; try again shortly"));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            turns.release();
        }
    }

    private boolean takeTurn() {
        try {
            return turns.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
