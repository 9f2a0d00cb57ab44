package dev.kongjian.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The stop-the-world pauses of the stack's JVMs, read from their GC logs ({@code gc-<pid>.log},
 * written with {@code -Xlog:gc:...:time,pid}), so that a fixed-rate measurement's p99 can be read
 * next to the pauses that fell inside its window: at 500 requests/s one 150 ms full collection
 * holds back some 75 requests, more than the 1% a p99 leaves out.
 */
final class Pauses {

    /** The decorations the logs must be written with for {@link #read} to place each pause in time. */
    static final String LOG_DECORATIONS = "time,pid";

    private static final Pattern PAUSE = Pattern.compile(
            "^\\[([^\\]]+)\\]\\[(\\d+)\\] GC\\(\\d+\\) Pause (\\w+)(?: \\(([^)]*)\\))?.* ([\\d.]+)ms$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    /** One pause of one JVM: when it ended, how long it took, young or full, and why. */
    record Pause(long pid, Instant ended, Duration length, String kind, String cause) {

        Instant started() {
            return ended.minus(length);
        }
    }

    private final List<Pause> pauses;
    private final Map<Long, String> names;

    Pauses(List<Pause> pauses, Map<Long, String> names) {
        this.pauses = List.copyOf(pauses);
        this.names = Map.copyOf(names);
    }

    /** Every pause in the {@code gc-<pid>.log} files of {@code directories}; {@code names} says which process each pid was. */
    static Pauses read(List<Path> directories, Map<Long, String> names) throws IOException {
        List<Pause> pauses = new ArrayList<>();
        for (Path logs : directories) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.filter(path -> path.getFileName().toString().matches("gc-\\d+\\.log")).toList()) {
                    Files.readAllLines(file).forEach(line -> parse(line).ifPresent(pauses::add));
                }
            }
        }
        return new Pauses(pauses, names);
    }

    static Optional<Pause> parse(String line) {
        Matcher matcher = PAUSE.matcher(line.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Instant ended;
        try {
            ended = OffsetDateTime.parse(matcher.group(1), TIME).toInstant();
        } catch (DateTimeParseException e) {
            // written with other decorations (uptime only, by an older bench): not placeable in time
            return Optional.empty();
        }
        Duration length = Duration.ofNanos(Math.round(Double.parseDouble(matcher.group(5)) * 1_000_000));
        return Optional.of(new Pause(Long.parseLong(matcher.group(2)), ended, length, matcher.group(3),
                matcher.group(4) == null ? "" : matcher.group(4)));
    }

    /** The pauses that overlap {@code from}..{@code to}, in order. */
    List<Pause> during(Instant from, Instant to) {
        return pauses.stream()
                .filter(pause -> pause.ended().isAfter(from) && pause.started().isBefore(to))
                .sorted(Comparator.comparing(Pause::ended))
                .toList();
    }

    /**
     * The pauses in a window, per JVM, longest first: e.g. {@code feed-service 1 full (CodeCache GC
     * Threshold) 152 ms + 9 young ≤ 4 ms; gateway 12 young ≤ 3 ms}; "none" when there were none.
     */
    String summary(Instant from, Instant to) {
        Map<Long, List<Pause>> byJvm = new LinkedHashMap<>();
        during(from, to).stream()
                .sorted(Comparator.comparing(Pause::length).reversed())
                .forEach(pause -> byJvm.computeIfAbsent(pause.pid(), pid -> new ArrayList<>()).add(pause));
        if (byJvm.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        byJvm.forEach((pid, jvmPauses) -> {
            List<String> kinds = new ArrayList<>();
            for (Pause full : jvmPauses.stream().filter(pause -> !pause.kind().equals("Young")).toList()) {
                kinds.add("1 %s (%s) %d ms".formatted(full.kind().toLowerCase(), full.cause(),
                        full.length().toMillis()));
            }
            List<Pause> young = jvmPauses.stream().filter(pause -> pause.kind().equals("Young")).toList();
            if (!young.isEmpty()) {
                kinds.add("%d young ≤ %s ms".formatted(young.size(), millis(young.getFirst().length())));
            }
            parts.add(names.getOrDefault(pid, "pid " + pid) + " " + String.join(" + ", kinds));
        });
        return String.join("; ", parts);
    }

    private static String millis(Duration length) {
        long micros = length.toNanos() / 1000;
        return micros < 10_000 ? "%.1f".formatted(micros / 1000.0) : Long.toString(micros / 1000);
    }
}
