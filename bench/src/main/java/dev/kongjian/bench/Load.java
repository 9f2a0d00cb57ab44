package dev.kongjian.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    private final List<Result> fixedRateRuns = new CopyOnWriteArrayList<>();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    /**
     * What one measurement saw: completed requests per second, latency in microseconds, non-2xx
     * answers, and when it ran.
     */
    record Result(String name, double throughput, Histogram latencyMicros, long errors, Instant started,
            Instant ended) {

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
        Instant started = Instant.now();
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
        return new Result(name, completed.get() / seconds, latency, errors.get(), started, Instant.now());
    }

    /**
     * Sends load to each of {@code uris} in turn, five seconds each, until every one's throughput
     * has stopped rising (three turns in a row no more than 5% above its best so far, after at
     * least a minute), at most for {@code longest}. On two cores the JIT compilers of every JVM on
     * the path take minutes to settle, with plateaus on the way, and a figure measured before that
     * says little. The endpoints a measurement compares are warmed together, as they will be
     * measured: warming one alone compiles the code they share for it only, and the other then
     * runs slower until that code is compiled again (measured: profile reads through the gateway
     * flat at 1,450/s after five minutes alone, 1,200/s right after a minute of health checks,
     * 1,950/s once both had run in turn).
     */
    void warmUp(List<URI> uris, String token, int clients, Duration longest) {
        Duration turn = Duration.ofSeconds(5);
        long deadline = System.nanoTime() + longest.toNanos();
        long atLeast = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        var plateau = new Plateau(uris.size());
        List<List<String>> seen = new ArrayList<>();
        uris.forEach(uri -> seen.add(new ArrayList<>()));
        while (System.nanoTime() < deadline && (System.nanoTime() < atLeast || !plateau.reached())) {
            double[] throughputs = new double[uris.size()];
            for (int i = 0; i < uris.size(); i++) {
                throughputs[i] = closedLoop("warm-up", request(uris.get(i), token), clients, turn).throughput();
                seen.get(i).add("%.0f".formatted(throughputs[i]));
            }
            plateau.add(throughputs);
        }
        for (int i = 0; i < uris.size(); i++) {
            System.out.println("warm-up " + uris.get(i) + ": " + String.join(", ", seen.get(i)) + " req/s");
        }
    }

    Result fixedRate(String name, HttpRequest request, int perSecond, Duration duration) {
        // let the previous (saturating) measurement's backlog drain first: JIT queue, GC, buffers
        LockSupport.parkNanos(SETTLE.toNanos());
        Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong errors = new AtomicLong();
        long total = perSecond * duration.toSeconds();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        Instant started = Instant.now();
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
        var result = new Result(name, total / seconds, latency, errors.get(), started, Instant.now());
        fixedRateRuns.add(result);
        return result;
    }

    /** Every fixed-rate measurement this generator has made, in order, for the report's pause table. */
    List<Result> fixedRateRuns() {
        return List.copyOf(fixedRateRuns);
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
                first.errors() + second.errors(), first.started(), second.ended());
    }

    /**
     * Whether throughputs measured turn after turn have stopped rising: three turns in a row in
     * which none was more than 5% above its own best so far.
     */
    static final class Plateau {

        private final double[] best;
        private int flatTurns;

        Plateau(int series) {
            best = new double[series];
        }

        void add(double... throughputs) {
            boolean rising = false;
            for (int i = 0; i < best.length; i++) {
                rising |= throughputs[i] > best[i] * 1.05;
                best[i] = Math.max(best[i], throughputs[i]);
            }
            flatTurns = rising ? 0 : flatTurns + 1;
        }

        boolean reached() {
            return flatTurns >= 3;
        }
    }
}
