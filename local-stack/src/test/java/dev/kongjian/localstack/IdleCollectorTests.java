package dev.kongjian.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.kongjian.localstack.IdleCollector.Sample;
import dev.kongjian.localstack.IdleCollector.Watch;

class IdleCollectorTests {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long MB = 1024 * 1024;

    @Test
    void anIdleJvmThatGrewIsCollected() {
        var watch = new Watch(new Sample(0, 0, 280 * MB));

        assertThat(watch.shouldCollect(new Sample(MINUTE, MINUTE / 50, 305 * MB))).isTrue();
    }

    @Test
    void aBusyJvmIsNotCollectedHoweverLarge() {
        var watch = new Watch(new Sample(0, 0, 280 * MB));

        assertThat(watch.shouldCollect(new Sample(MINUTE, MINUTE / 5, 340 * MB))).isFalse();
        // idle again: now it is
        assertThat(watch.shouldCollect(new Sample(2 * MINUTE, MINUTE / 5 + MINUTE / 50, 340 * MB))).isTrue();
    }

    @Test
    void growthIsCountedFromTheSmallestItHasBeen() {
        var watch = new Watch(new Sample(0, 0, 300 * MB));

        assertThat(watch.shouldCollect(new Sample(MINUTE, 0, 320 * MB))).isFalse();
        assertThat(watch.shouldCollect(new Sample(2 * MINUTE, 0, 290 * MB))).isFalse();
        assertThat(watch.floorBytes()).isEqualTo(290 * MB);
        assertThat(watch.shouldCollect(new Sample(3 * MINUTE, 0, 313 * MB))).isFalse();
        assertThat(watch.shouldCollect(new Sample(4 * MINUTE, 0, 314 * MB))).isTrue();
    }

    @Test
    void afterACollectionItsSizeIsTheNewFloor() {
        var watch = new Watch(new Sample(0, 0, 280 * MB));
        assertThat(watch.shouldCollect(new Sample(MINUTE, 0, 330 * MB))).isTrue();

        // the collection did not give much back (not heap): no second one for the same size
        watch.collected(new Sample(MINUTE + 1, 0, 325 * MB));

        assertThat(watch.shouldCollect(new Sample(2 * MINUTE, 0, 330 * MB))).isFalse();
        assertThat(watch.shouldCollect(new Sample(3 * MINUTE, 0, 349 * MB))).isTrue();
    }

    @Test
    void aJvmAskedForAFullCollectionRunsOne() throws Exception {
        Path jcmd = IdleCollector.jcmd().orElseThrow();
        Process jvm = new ProcessBuilder(ServiceProcess.javaExecutable(), "-XX:+UseSerialGC", "-Xlog:gc",
                "-cp", System.getProperty("java.class.path"), Sleeper.class.getName()).redirectErrorStream(true)
                .start();
        try {
            var output = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            assertThat(output.lines().filter("ready"::equals).findFirst()).isPresent();
            assertThat(IdleCollector.residentBytes(jvm.pid()).orElseThrow()).isGreaterThan(MB);

            assertThat(IdleCollector.fullCollection(jcmd, jvm.pid())).isTrue();

            var fullPause = CompletableFuture.supplyAsync(() -> output.lines()
                    .filter(line -> line.contains("Pause Full (Diagnostic Command)")).findFirst());
            assertThat(fullPause.get(30, TimeUnit.SECONDS)).isPresent();
        } finally {
            jvm.destroyForcibly().waitFor();
        }
    }

    @Test
    void aJvmThatIsGoneCannotBeAsked() throws Exception {
        Process gone = new ProcessBuilder(ServiceProcess.javaExecutable(), "-version").start();
        gone.waitFor();

        assertThat(IdleCollector.fullCollection(IdleCollector.jcmd().orElseThrow(), gone.pid())).isFalse();
        assertThat(IdleCollector.residentBytes(gone.pid())).isEmpty();
    }

    /** A JVM that waits, to be collected. */
    public static final class Sleeper {

        public static void main(String[] arguments) throws InterruptedException {
            System.out.println("ready");
            Thread.sleep(TimeUnit.MINUTES.toMillis(2));
        }
    }
}
