package dev.kongjian.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PausesTests {

    static final Instant NOON = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path logs;

    @Test
    void readsYoungAndFullPausesWithTheirEndAndLength() {
        var young = Pauses.parse("[2026-11-29T12:00:01.500+0000][4242] GC(7) Pause Young (Allocation Failure) "
                + "60M->12M(150M) 3.250ms").orElseThrow();
        var full = Pauses.parse("[2026-11-29T13:00:01.500+0100][4242] GC(8) Pause Full (CodeCache GC Threshold) "
                + "80M->40M(150M) 152.125ms").orElseThrow();

        assertThat(young).isEqualTo(new Pauses.Pause(4242, NOON.plusMillis(1_500), Duration.ofNanos(3_250_000), "Young",
                "Allocation Failure"));
        assertThat(full.ended()).isEqualTo(NOON.plusMillis(1_500));
        assertThat(full.started()).isEqualTo(NOON.plusMillis(1_500).minusNanos(152_125_000));
        assertThat(full.kind()).isEqualTo("Full");
        assertThat(Pauses.parse("[2026-11-29T12:00:00.004+0000][4242] Using Serial")).isEmpty();
        assertThat(Pauses.parse("[0.373s][4242] GC(0) Pause Young (Allocation Failure) 26M->5M(60M) 6.687ms"))
                .isEmpty();
    }

    @Test
    void aWindowHoldsEveryPauseThatOverlapsIt() {
        var pauses = new Pauses(List.of(
                pause(1, 999, 10, "Young"), // ended just before the window opened
                pause(1, 1_005, 10, "Young"), // began before it, ended inside
                pause(2, 1_500, 150, "Full"),
                pause(1, 2_100, 200, "Young"), // began inside, ended after
                pause(2, 2_400, 5, "Young")), // began after it closed
                Map.of(1L, "gateway", 2L, "feed-service"));

        assertThat(pauses.during(NOON.plusMillis(1_000), NOON.plusMillis(2_000)))
                .extracting(Pauses.Pause::ended)
                .containsExactly(NOON.plusMillis(1_005), NOON.plusMillis(1_500), NOON.plusMillis(2_100));
    }

    @Test
    void theSummaryNamesEachJvmWithItsFullPausesAndItsLongestYoungOne() {
        var pauses = new Pauses(List.of(pause(1, 1_100, 3, "Young"), pause(1, 1_200, 12, "Young"),
                pause(2, 1_300, 4, "Young"), pause(2, 1_500, 152, "Full"), pause(7, 1_600, 2, "Young")),
                Map.of(1L, "gateway", 2L, "feed-service"));

        assertThat(pauses.summary(NOON.plusMillis(1_000), NOON.plusMillis(2_000))).isEqualTo(
                "feed-service 1 full (CodeCache GC Threshold) 152 ms + 1 young ≤ 4.0 ms; gateway 2 young ≤ 12 ms; "
                        + "pid 7 1 young ≤ 2.0 ms");
        assertThat(pauses.summary(NOON, NOON.plusMillis(500))).isEqualTo("none");
    }

    @Test
    void theReportListsEveryFixedRateRunButTheWarmUps() throws Exception {
        Files.writeString(logs.resolve("gc-11.log"), """
                [2026-11-29T12:00:00.004+0000][11] Using Serial
                [2026-11-29T12:00:05.000+0000][11] GC(3) Pause Full (CodeCache GC Threshold) 80M->40M(150M) 150.000ms
                """);
        Files.writeString(logs.resolve("gateway.log"), "not a GC log");
        var pauses = Pauses.read(List.of(logs), Map.of(11L, "feed-service"));
        var warmUp = run("warm-up", 0, 10);
        var measured = run("home feed at 500/s", 0, 10);

        assertThat(Bench.pauseTable(List.of(warmUp, measured), pauses)).contains(
                "| home feed at 500/s | 1.00 | feed-service 1 full (CodeCache GC Threshold) 150 ms |")
                .noneMatch(line -> line.startsWith("| warm-up"));
    }

    @Test
    void theBenchJvmsOwnLogInAnotherDirectoryCountsToo(@TempDir Path benchTarget) throws Exception {
        Files.writeString(logs.resolve("gc-11.log"), """
                [2026-11-29T12:00:05.000+0000][11] GC(3) Pause Young (Allocation Failure) 80M->40M(150M) 4.000ms
                """);
        Files.writeString(benchTarget.resolve("gc-5.log"), """
                [2026-11-29T12:00:06.000+0000][5] GC(9) Pause Young (Allocation Failure) 1055M->52M(1520M) 67.347ms
                """);
        var pauses = Pauses.read(List.of(logs, benchTarget), Map.of(11L, "feed-service", 5L, "bench JVM"));

        assertThat(pauses.summary(NOON, NOON.plusSeconds(10)))
                .isEqualTo("bench JVM 1 young ≤ 67 ms; feed-service 1 young ≤ 4.0 ms");
    }

    private static Pauses.Pause pause(long pid, long endedMillis, long millis, String kind) {
        return new Pauses.Pause(pid, NOON.plusMillis(endedMillis), Duration.ofMillis(millis), kind,
                kind.equals("Full") ? "CodeCache GC Threshold" : "Allocation Failure");
    }

    private static Load.Result run(String name, long fromSecond, long toSecond) {
        var latency = new Histogram(3);
        latency.recordValue(1_000);
        return new Load.Result(name, 500, latency, 0, NOON.plusSeconds(fromSecond), NOON.plusSeconds(toSecond));
    }
}
