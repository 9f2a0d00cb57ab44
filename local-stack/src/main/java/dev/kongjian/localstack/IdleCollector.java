package dev.kongjian.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the idle JVMs of the developer's stack small. The serial collector gives heap back to the
 * operating system only after a full collection, and an idle service rarely has one: each young
 * collection promotes a little, the old generation grows to hold it, and nothing shrinks it again
 * (measured: services started from their start-up caches grew from 281-299 to 353-357 MB RSS in 20
 * idle minutes; user-service after a round of requests stayed at 343-365 MB). So once a minute this
 * looks at each service JVM; one that used under a tenth of a core since the last look and whose
 * RSS has grown by {@value #GROWTH_MB} MB or more above its smallest is asked for a full collection
 * ({@code jcmd <pid> GC.run}), after which the JVM sizes its heap to its live data and returns the
 * rest. This is what G1's periodic collection does, for the collector the services run with.
 *
 * <p>Only the stack started from the command line does this, on Linux (RSS is read from
 * {@code /proc}) and where the JDK has {@code jcmd}. Test and benchmark stacks do not: a
 * collection there would land inside a measurement.
 */
final class IdleCollector implements AutoCloseable {

    static final int GROWTH_MB = 24;
    static final long GROWTH = GROWTH_MB * 1024L * 1024L;
    /** Of one core, between two looks: idle services use 2-4% (heartbeats, registry fetches, Kafka polls). */
    static final double IDLE_CPU_SHARE = 0.10;
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Duration JCMD_LIMIT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(IdleCollector.class);

    private final Supplier<List<ServiceProcess>> processes;
    private final Path jcmd;
    private final Map<Long, Watch> watches = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "idle-collector");
        thread.setDaemon(true);
        return thread;
    });

    private IdleCollector(Supplier<List<ServiceProcess>> processes, Path jcmd) {
        this.processes = processes;
        this.jcmd = jcmd;
    }

    /** Starts looking at the stack's JVMs once a minute, or nothing where this platform cannot. */
    static Optional<IdleCollector> start(Supplier<List<ServiceProcess>> processes) {
        Optional<Path> jcmd = jcmd();
        if (jcmd.isEmpty() || residentBytes(ProcessHandle.current().pid()).isEmpty()) {
            log.debug("idle services are not collected here (no jcmd next to java, or no /proc)");
            return Optional.empty();
        }
        IdleCollector collector = new IdleCollector(processes, jcmd.get());
        collector.timer.scheduleWithFixedDelay(collector::look, 0, INTERVAL.toSeconds(),
                TimeUnit.SECONDS);
        return Optional.of(collector);
    }

    static Optional<Path> jcmd() {
        Path java = Path.of(ServiceProcess.javaExecutable());
        return List.of("jcmd", "jcmd.exe").stream().map(java::resolveSibling).filter(Files::isExecutable).findFirst();
    }

    private void look() {
        try {
            List<ServiceProcess> alive = processes.get().stream().filter(ServiceProcess::isAlive).toList();
            watches.keySet().retainAll(alive.stream().map(ServiceProcess::pid).toList());
            for (ServiceProcess process : alive) {
                Optional<Sample> sample = Sample.of(process.pid());
                if (sample.isEmpty()) {
                    continue;
                }
                Watch watch = watches.get(process.pid());
                if (watch == null) {
                    watches.put(process.pid(), new Watch(sample.get()));
                } else if (watch.shouldCollect(sample.get())) {
                    collect(process, watch, sample.get());
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not look at the idle services: {}", e.toString());
        }
    }

    private void collect(ServiceProcess process, Watch watch, Sample before) {
        if (!fullCollection(jcmd, process.pid())) {
            return;
        }
        Sample after = Sample.of(process.pid()).orElse(before);
        watch.collected(after);
        log.info("{} was idle and had grown: full collection, RSS {} -> {} MB", process.instance(),
                before.residentBytes() >> 20, after.residentBytes() >> 20);
    }

    /** Asks a JVM for a full collection and waits for it; false if it could not be asked. */
    static boolean fullCollection(Path jcmd, long pid) {
        try {
            Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!run.waitFor(JCMD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                run.destroyForcibly();
                log.warn("jcmd {} GC.run did not finish in {} s", pid, JCMD_LIMIT.toSeconds());
                return false;
            }
            return run.exitValue() == 0;
        } catch (IOException e) {
            log.warn("could not run {}: {}", jcmd, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Resident memory from {@code /proc/<pid>/status} (its {@code VmRSS} line, in kB). */
    static OptionalLong residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One look at a JVM: when, how much CPU it had used by then, and its resident memory. */
    record Sample(long atNanos, long cpuNanos, long residentBytes) {

        static Optional<Sample> of(long pid) {
            long now = System.nanoTime();
            Optional<Duration> cpu = ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration());
            OptionalLong resident = IdleCollector.residentBytes(pid);
            if (cpu.isEmpty() || resident.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Sample(now, cpu.get().toNanos(), resident.getAsLong()));
        }
    }

    /** What is known of one JVM between looks: the last look, and the smallest it has been since its last collection. */
    static final class Watch {

        private Sample last;
        private long floorBytes;

        Watch(Sample first) {
            last = first;
            floorBytes = first.residentBytes();
        }

        /** Whether the JVM was idle since the last look and has grown enough to be worth a full collection. */
        boolean shouldCollect(Sample now) {
            long wall = now.atNanos() - last.atNanos();
            boolean idle = wall > 0 && now.cpuNanos() - last.cpuNanos() < IDLE_CPU_SHARE * wall;
            floorBytes = Math.min(floorBytes, now.residentBytes());
            last = now;
            return idle && now.residentBytes() - floorBytes >= GROWTH;
        }

        /** After a collection its size then is the new floor, and its CPU then the new start. */
        void collected(Sample after) {
            last = after;
            floorBytes = after.residentBytes();
        }

        long floorBytes() {
            return floorBytes;
        }
    }
}
