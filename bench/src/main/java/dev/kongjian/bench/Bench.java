package dev.kongjian.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.kongjian.localstack.LocalStack;
import dev.kongjian.localstack.StackOptions;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the benchmark suites against one fresh stack (each service in its own JVM, as in the
 * local stack) and writes their figures, each a ratio against a baseline measured in the same
 * run, to {@code bench/target/bench-report.md}.
 *
 * <pre>./mvnw -Pbench                                   all suites, 20 s per measurement
 * ./mvnw -Pbench -Dbench.args="--seconds=10 --suites=users"     suites: users, gateway, feed</pre>
 */
public final class Bench {

    private Bench() {
    }

    /** A signed-up user: id, username, password and access token. */
    record Account(String id, String username, String password, String token) {
    }

    interface Suite {
        List<String> run(LocalStack stack, Load load, Duration each) throws Exception;
    }

    public static void main(String[] arguments) throws Exception {
        Duration each = Duration.ofSeconds(Long.parseLong(option(arguments, "--seconds", "20")));
        List<String> suites = List.of(option(arguments, "--suites", "users,gateway,feed").split(","));
        Path repository = Path.of("").toAbsolutePath();
        var options = new StackOptions(repository, repository.resolve("bench/target/stack"), false, Map.of(),
                // the rate limiter still runs on every request; its limit just never bites here
                Map.of("KONGJIAN_RATE_LIMIT_USER_RATE", "1000000", "KONGJIAN_RATE_LIMIT_USER_BURST", "1000000",
                        "KONGJIAN_RATE_LIMIT_IP_RATE", "1000000", "KONGJIAN_RATE_LIMIT_IP_BURST", "1000000",
                        // above the feed suite's 10,000 friends, so that its fan-out on write is what is measured
                        "KONGJIAN_FEED_FAN_OUT_THRESHOLD", "20000"),
                withGcLog(StackOptions.DEFAULT_JVM_ARGUMENTS, repository.resolve("bench/target/stack/logs")));
        List<String> report = new ArrayList<>();
        report.add("# Kongjian benchmarks, " + Instant.now());
        report.add("");
        report.add("One run, one stack on this machine (" + Runtime.getRuntime().availableProcessors()
                + " cores, load generator included); " + each.toSeconds() + " s per measurement after a warm-up.");
        forgetOtherRunsPauses(repository.resolve("bench/target"));
        try (LocalStack stack = LocalStack.start(options)) {
            var load = new Load();
            // which process each pid was, including those a suite replaced (the gateway relaunched on NIO)
            Map<Long, String> names = new HashMap<>();
            stack.processes().forEach(process -> names.put(process.pid(), process.instance()));
            names.put(ProcessHandle.current().pid(), "bench JVM (load generator, Kafka, MongoDB)");
            for (String suite : suites) {
                Suite chosen = switch (suite.trim()) {
                    case "users" -> new UserServiceSuite();
                    case "gateway" -> new GatewaySuite();
                    case "feed" -> new FeedSuite();
                    default -> throw new IllegalArgumentException("unknown suite " + suite + " (users, gateway, feed)");
                };
                report.addAll(chosen.run(stack, load, each));
                stack.processes().forEach(process -> names.put(process.pid(), process.instance()));
            }
            var pauses = Pauses.read(List.of(stack.logDirectory(), repository.resolve("bench/target")), names);
            report.addAll(pauseTable(load.fixedRateRuns(), pauses));
            if (!load.failures.isEmpty()) {
                report.add("");
                report.add("Failed requests by status (0: no answer): " + load.failures);
            }
        }
        String text = String.join("\n", report) + "\n";
        System.out.println(text);
        Path out = repository.resolve("bench/target/bench-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println("Saved to " + out);
        Runtime.getRuntime().halt(0);
    }

    /** The services' collections go to a log per process, so a latency spike can be laid next to a pause. */
    private static String withGcLog(String jvmArguments, Path logs) throws IOException {
        Files.createDirectories(logs);
        try (var old = Files.newDirectoryStream(logs, "gc-*.log")) {
            for (Path log : old) {
                Files.delete(log);
            }
        }
        return jvmArguments + " -Xlog:gc:file=" + logs.resolve("gc-%p.log") + ":" + Pauses.LOG_DECORATIONS;
    }

    /**
     * This JVM logs its collections to {@code bench/target/gc-<pid>.log} (bench/pom.xml): it holds
     * the load generator and the embedded Kafka and MongoDB, whose pauses delay requests as much
     * as a service's do. The logs of earlier runs there are deleted.
     */
    private static void forgetOtherRunsPauses(Path directory) throws IOException {
        String own = "gc-" + ProcessHandle.current().pid() + ".log";
        try (var logs = Files.newDirectoryStream(directory, "gc-*.log")) {
            for (Path log : logs) {
                if (!log.getFileName().toString().equals(own)) {
                    Files.delete(log);
                }
            }
        }
    }

    /** Each fixed-rate measurement's p99 beside the stop-the-world pauses of every JVM during it. */
    static List<String> pauseTable(List<Load.Result> runs, Pauses pauses) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("## Stop-the-world pauses during the fixed-rate measurements");
        lines.add("");
        lines.add("| measurement | p99 (ms) | pauses of the stack's JVMs in its window |");
        lines.add("|---|---|---|");
        runs.stream().filter(run -> !run.name().equals("warm-up")).forEach(run -> lines.add("| %s | %.2f | %s |"
                .formatted(run.name(), run.p99Millis(), pauses.summary(run.started(), run.ended()))));
        return lines;
    }

    static Account signUp(String gateway, String displayName) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String username = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String password = "bench password";
        String credentials = "{\"username\":\"%s\",\"password\":\"%s\"".formatted(username, password);
        var mapper = JsonMapper.builder().build();
        String registered = http.send(Load.post(URI.create(gateway + "/api/v1/auth/register"),
                credentials + ",\"displayName\":\"" + displayName + "\"}"), HttpResponse.BodyHandlers.ofString()).body();
        String login = http.send(Load.post(URI.create(gateway + "/api/v1/auth/login"), credentials + "}"),
                HttpResponse.BodyHandlers.ofString()).body();
        return new Account(mapper.readTree(registered).path("id").asString(), username, password,
                mapper.readTree(login).path("accessToken").asString());
    }

    static String latencyRow(String name, Load.Result result, String target) {
        return "| %s | %.0f | %.2f | %.2f | %s | %d |".formatted(name, result.throughput(), result.p50Millis(),
                result.p99Millis(), target, result.errors());
    }

    private static String option(String[] arguments, String name, String fallback) {
        for (String argument : arguments) {
            for (String part : argument.trim().split("\\s+")) {
                if (part.startsWith(name + "=")) {
                    return part.substring(name.length() + 1);
                }
            }
        }
        return fallback;
    }
}
