package dev.kongjian.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start the stack: where the repository and the run folder are, whether to use the
 * well-known ports (8080, 8761, 8081-8085, 27017, 6379, 9092) or free random ones, how many
 * instances of each service, and extra environment for every service.
 */
public record StackOptions(Path repository, Path runDirectory, boolean wellKnownPorts, Map<String, Integer> scale,
        Map<String, String> environment, String serviceJvmArguments) {

    /** The services behind the gateway, with their well-known ports. */
    public static final Map<String, Integer> SERVICES = orderedServices();
    public static final String DISCOVERY = "discovery";
    public static final String GATEWAY = "gateway";
    public static final int DISCOVERY_PORT = 8761;
    public static final int GATEWAY_PORT = 8080;

    /**
     * Per service JVM: a small heap, at most 48 MB young and 96 MB old, with the young generation as large
     * as the old one up to that (request garbage dies young, so old-generation collections stay rare:
     * measured, a smaller young generation gave a full collection every few seconds under load and a p99
     * over 80 ms). The cap matters when idle: the young generation follows the old one after each full
     * collection, and all of it is touched between two young collections; uncapped, idle services grew
     * to 353-357 MB RSS in 20 minutes, capped they were at 306-310 MB after 16. Serial GC (G1 with its
     * idle-time collection, in one benchmark run: the gateway proxied 1,000-1,600 requests/s where serial
     * proxied 1,800); idle RSS stays under 350 MB (user-service with {@link #SERVICE_JVM_ARGUMENTS}). The
     * code cache is reserved, not committed, so its size costs little memory; but the JVM collects the
     * whole heap each time the compiled code grows by 15% of that size, and with 48 MB that was every
     * 7 MB: a 120-160 ms full pause, 6-10 times per service in a benchmark run, and the code it flushed
     * was compiled again. With 128 MB it still came 7 times in a run (240-400 ms each, one of them behind
     * a 386 ms login p99), so the threshold is raised to half the reserve ({@code SweeperThreshold=50}):
     * none in the next run. The services compile well under that; near a full cache the JVM still flushes
     * on its own. On JDK 25 objects have 8-byte headers (compact object headers, JEP 519): about 10 MB less
     * heap per service after start. The option does not exist before JDK 24.
     */
    public static final String DEFAULT_JVM_ARGUMENTS = "-Xms64m -Xmx144m -XX:NewRatio=1 -XX:MaxNewSize=48m -XX:MaxMetaspaceSize=150m "
            + "-XX:ReservedCodeCacheSize=128m -XX:SweeperThreshold=50 -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC -Xss512k "
            + "-XX:+ExitOnOutOfMemoryError "
            // after a full collection the old generation is sized to its live data, 10-30% free instead of the
            // JVM's 40-70%, at once instead of in steps (0%, 10%, 40%, then all of the excess on successive
            // collections); measured on user-service after use: old generation 76 -> 64 MB in one collection
            + "-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:-ShrinkHeapInSteps "
            // give freed native memory back to the OS every 5 s (measured: 347 -> 317 MB idle RSS for feed-service);
            // the option is experimental in JDK 21 and a product option from 22
            + "-XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000"
            + (Runtime.version().feature() >= 25 ? " -XX:+UseCompactObjectHeaders" : "");

    /**
     * What one service needs beyond those. user-service computes a password hash (Argon2, 7 MiB of heap
     * for its 35-40 ms) at each sign-in, so young collections land in one; with the default survivor
     * spaces (a tenth of the young generation, 3-5 MB) the overflow was promoted, and a burst of sign-ins
     * grew the old generation by 10-37 MB that stayed until the next full collection. Its young generation
     * is therefore 48 MB from the start with two survivor spaces of 9.6 MB, room for one hash (it computes
     * one at a time on two cores), and a 29 MB eden. Logins at 10/s in the benchmark: with the default
     * survivors p99 371 ms, with two full collections of 275-307 ms; with these settings 92-105 ms in three
     * runs, without one (profile reads at 200/s: p99 14.4-28.5 ms, 14.6 before). A 38 MB eden beside the
     * same survivors (58 MB young) gave 74 ms, but user-service held 349 MB RSS after a burst of sign-ins
     * where these settings held 340: all of eden is touched between two young collections.
     */
    public static final Map<String, String> SERVICE_JVM_ARGUMENTS = Map.of(
            "user-service", "-XX:NewSize=48m -XX:SurvivorRatio=3");

    public StackOptions {
        scale = Map.copyOf(scale);
        environment = Map.copyOf(environment);
    }

    /**
     * Whether MongoDB's data outlives the stack: the developer's stack (well-known ports) keeps it
     * on disk in the run folder; throwaway stacks on free ports (system tests, benchmarks) keep it
     * in memory, where the embedded server's lookups cost a fraction (its disk store serialises
     * every key it compares: measured, most of its CPU under a home-feed load).
     */
    public boolean keepsData() {
        return wellKnownPorts;
    }

    public int instancesOf(String service) {
        return scale.getOrDefault(service, 1);
    }

    /** The JVM arguments of a module's instances: the common ones, then the module's own. */
    public List<String> jvmArguments(String module) {
        String arguments = serviceJvmArguments + " " + SERVICE_JVM_ARGUMENTS.getOrDefault(module, "");
        return List.of(arguments.trim().split("\\s+"));
    }

    private static Map<String, Integer> orderedServices() {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("user-service", 8081);
        services.put("feed-service", 8082);
        services.put("messaging-service", 8083);
        services.put("media-service", 8084);
        services.put("mall-service", 8085);
        return java.util.Collections.unmodifiableMap(services);
    }

    /** Reads {@code --scale feed-service=2[,mall-service=3]} (also {@code --scale=...}), {@code --run-dir DIR}. */
    public static StackOptions fromArguments(String[] arguments, Path repository) {
        Map<String, Integer> scale = new LinkedHashMap<>();
        Path runDirectory = repository.resolve("run");
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            String value = null;
            String name = argument;
            if (argument.contains("=") && argument.startsWith("--")) {
                name = argument.substring(0, argument.indexOf('='));
                value = argument.substring(argument.indexOf('=') + 1);
            } else if (i + 1 < arguments.length && argument.startsWith("--")) {
                value = arguments[++i];
            }
            switch (name) {
                case "--scale" -> parseScale(value, scale);
                case "--run-dir" -> runDirectory = Path.of(value);
                case "" -> {
                }
                default -> {
                    if (!argument.isBlank()) {
                        throw new IllegalArgumentException("unknown option " + argument
                                + " (known: --scale service=N[,service=N], --run-dir DIR)");
                    }
                }
            }
        }
        return new StackOptions(repository, runDirectory.toAbsolutePath(), true, scale, Map.of(),
                DEFAULT_JVM_ARGUMENTS);
    }

    private static void parseScale(String value, Map<String, Integer> scale) {
        if (value == null || value.isBlank()) {
            return;
        }
        for (String part : value.split(",")) {
            String[] pair = part.split("=");
            if (pair.length != 2 || !(SERVICES.containsKey(pair[0].trim()) || GATEWAY.equals(pair[0].trim()))) {
                throw new IllegalArgumentException("--scale wants service=N with a service among " + SERVICES.keySet()
                        + " or gateway, not '" + part + "'");
            }
            int count;
            try {
                count = Integer.parseInt(pair[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--scale " + part + ": N must be a whole number");
            }
            if (count < 1 || count > 8) {
                throw new IllegalArgumentException("--scale " + part + ": N must be 1 to 8");
            }
            scale.put(pair[0].trim(), count);
        }
    }
}
