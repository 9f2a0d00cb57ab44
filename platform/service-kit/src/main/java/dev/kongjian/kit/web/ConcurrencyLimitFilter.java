package dev.kongjian.kit.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * At most {@code limit} requests are worked on at once by this instance; up to {@code maxWaiting}
 * more wait their turn (first come, first served) for up to {@code maxWait}; any other gets 503
 * problem+json with {@code Retry-After} at once. With virtual threads nothing else bounds this: in a
 * burst beyond what the cores can serve, every request started at once and held its memory until
 * the heap ran out (measured: feed-service ended with OutOfMemoryError at 500 home-feed reads/s
 * through the gateway on a 2-core machine). Waiting is not free either: a waiting request holds
 * Tomcat's processor for it, about 60 KB of buffers, and an unbounded queue ran a cold feed-service
 * out of heap at 500 reads/s with 833 requests waiting (heap dump). Health and metrics are never
 * held back.
 */
public final class ConcurrencyLimitFilter extends OncePerRequestFilter {

    private final Semaphore turns;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxWaiting;
    private final long maxWaitNanos;
    private final JsonMapper json;
    private final Counter refused;

    public ConcurrencyLimitFilter(int limit, int maxWaiting, Duration maxWait, JsonMapper json, MeterRegistry meters) {
        this.turns = new Semaphore(limit, true);
        this.maxWaiting = maxWaiting;
        this.maxWaitNanos = maxWait.toNanos();
        this.json = json;
        this.refused = Counter.builder("kongjian.http.requests.refused")
                .description("Requests answered 503 because the instance was already working on its limit")
                .register(meters);
        Gauge.builder("kongjian.http.requests.in.progress", turns, permits -> limit - permits.availablePermits())
                .description("Requests being worked on (at most the concurrency limit)").register(meters);
        Gauge.builder("kongjian.http.requests.waiting", waiting, AtomicInteger::get)
                .description("Requests waiting for their turn (at most the queue's limit)").register(meters);
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

    /** A free turn is taken at once (after those already waiting); else a place in the queue, if one is left. */
    private boolean takeTurn() {
        try {
            if (turns.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return true;
            }
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                return false;
            }
            try {
                return turns.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
            } finally {
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
