package dev.kongjian.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A small HTTP load generator: a closed loop (N clients, each sends its next request when the
 * last one answered) for throughput, and an open loop at a fixed rate for latency, where each
 * latency counts from the moment the request was due, so a stall is not hidden (no
 * coordinated omission).
 */
final class Load {

    static final Duration SETTLE = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    /** What one measurement saw: completed requests per second, latency in microseconds, non-2xx answers. */
    record Result(String name, double throughput, Histogram latencyMicros, long errors) {

        double p50Millis() {
            return latencyMicros.getValueAtPercentile(50) / 1000.0;
        }

        double p99Millis() {
            return latencyMicros.getValueAtPercentile(99) / 1000.0;
        }
    }

    Result closedLoop(String name, URI uri, String token, int clients, Duration duration) {
        return closedLoop(name, request(uri, token), clients, duration);
    }

    Result fixedRate(String name, URI uri, String token, int perSecond, Duration duration) {
        return fixedRate(name, request(uri, token), perSecond, duration);
    }

    Result closedLoop(String name, HttpRequest request, int clients, Duration duration) {
        Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                workers.submit(() -> {
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        if (!send(request)) {
                            errors.incrementAndGet();
                        }
                        latency.recordValue((System.nanoTime() - sent) / 1000);
                        completed.incrementAndGet();
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(name, completed.get() / seconds, latency, errors.get());
    }

    /**
     * Sends load in rounds of five seconds until the throughput has stopped rising (three rounds in
     * a row no more than 5% above the best so far, after at least a minute), at most for
     * {@code longest}: on two cores the JIT compilers of every JVM on the path take a minute or
     * two to settle, with plateaus on the way, and a figure measured before that says little.
     */
    void warmUp(URI uri, String token, int clients, Duration longest) {
        HttpRequest request = request(uri, token);
        Duration round = Duration.ofSeconds(5);
        long rounds = Math.max(12, longest.toSeconds() / round.toSeconds());
        double best = 0;
        int flat = 0;
        List<String> seen = new ArrayList<>();
        for (long i = 0; i < rounds && (i < 12 || flat < 3); i++) {
            double throughput = closedLoop("warm-up", request, clients, round).throughput();
            seen.add("%.0f".formatted(throughput));
            flat = throughput > best * 1.05 ? 0 : flat + 1;
            best = Math.max(best, throughput);
        }
        System.out.println("warm-up " + uri.getPath() + ": " + String.join(", ", seen) + " req/s");
    }

    Result fixedRate(String name, HttpRequest request, int perSecond, Duration duration) {
        // let the previous (saturating) measurement's backlog drain first: JIT queue, GC, buffers
        LockSupport.parkNanos(SETTLE.toNanos());
        Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong errors = new AtomicLong();
        long total = perSecond * duration.toSeconds();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                workers.submit(() -> {
                    if (!send(request)) {
                        errors.incrementAndGet();
                    }
                    latency.recordValue((System.nanoTime() - due) / 1000);
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(name, total / seconds, latency, errors.get());
    }

    /** How many answers of each non-2xx status (0: no answer) this generator has seen, for the report. */
    final java.util.Map<Integer, AtomicLong> failures = new java.util.concurrent.ConcurrentSkipListMap<>();

    private boolean send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                failures.computeIfAbsent(response.statusCode(), status -> new AtomicLong()).incrementAndGet();
                return false;
            }
            return true;
        } catch (IOException e) {
            failures.computeIfAbsent(0, status -> new AtomicLong()).incrementAndGet();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static HttpRequest request(URI uri, String token) {
        var builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.GET().build();
    }

    static HttpRequest post(URI uri, String json) {
        return post(uri, json, null);
    }

    static HttpRequest post(URI uri, String json, String token) {
        var builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    /** The mean of two runs of the same target, taken before and after the other target's runs. */
    static Result mean(Result first, Result second) {
        Histogram latency = first.latencyMicros().copy();
        latency.add(second.latencyMicros());
        return new Result(first.name(), (first.throughput() + second.throughput()) / 2, latency,
                first.errors() + second.errors());
    }

}
