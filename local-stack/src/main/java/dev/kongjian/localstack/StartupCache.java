package dev.kongjian.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * What makes a service JVM start in half the time: the application's jar unpacked (classes
 * load from plain jars, not from jars nested in a jar) and a JVM cache of the classes it loads
 * while starting, recorded by a training run at build time. With JDK 25 that is an AOT cache
 * (JEP 483/514: classes loaded and linked); before that, a dynamic CDS archive (classes parsed
 * and verified).
 *
 * <p>Measured here for feed-service, started alone on 2 cores: from the Boot jar 10.8 s and 21 s of
 * CPU, three full collections (metaspace growth); unpacked 8.8 s and 17 s; unpacked with the AOT
 * cache 3.8-4.4 s and 10 s, no full collection; with a CDS archive 6.0-7.0 s and 12 s, for the same
 * memory. The stack starts seven such JVMs on the same two cores, so the CPU is what counts: the
 * whole stack was up in 60-67 s with every application cached, 80 s with the five below, and
 * 105-109 s with none.
 *
 * <p>The training run starts the application context and exits before anything starts
 * ({@code spring.context.exit=onRefresh}), with MongoDB, Redis, Kafka and discovery pointing at
 * a closed port: nothing waits on them but Kafka's topic check, cut to a second. A cache is
 * only used by the JVM that recorded it and with the very jars it was recorded from: the key
 * file names both, and a stale cache is not used (the service starts from its Boot jar).
 *
 * <p>{@code ./mvnw -Prun} records the caches before it starts the stack ({@code -DskipStartupCache}
 * records none). With classes in the cache, metaspace hardly grows after start, so the full
 * collections that its growth triggered (and that emptied the old generation) stop, and a cached
 * start runs few young collections (9 instead of about 50), so much of eden is first touched
 * while idle. With the young generation as large as the old one and uncapped, that took cached
 * services from 281-299 MB right after start to 353-357 MB after 17-20 idle minutes, over the 350
 * MB a service may use; with it capped at 48 MB ({@link StackOptions#DEFAULT_JVM_ARGUMENTS}) they
 * were at 306-310 MB after 16 minutes (302-308 MB after 12 in another run).
 */
public final class StartupCache {

    /**
     * The applications that start from a cache. The cache is not free: its classes take about
     * 110 MB of mapped memory where they took about 85 MB of metaspace, and the full collections
     * that metaspace growth used to cause during start-up no longer empty the old generation of
     * start-up garbage. user-service and feed-service, which allocate the most while starting,
     * then sat at 362-367 MB idle, over the 350 MB a service may use; started from their Boot
     * jars they stay at 318-324 MB (the others, cached, at 228-300 MB).
     */
    public static final List<String> APPLICATIONS = List.of(StackOptions.DISCOVERY, StackOptions.GATEWAY,
            "messaging-service", "media-service", "mall-service");

    private static final String DIRECTORY = "startup-cache";
    private static final String APPLICATION_JAR = "application.jar";
    private static final String KEY_FILE = "key";
    private static final Duration TRAINING_LIMIT = Duration.ofMinutes(4);
    private static final String CLOSED_PORT = "127.0.0.1:1";

    private final Path target;
    private final Path bootJar;

    private StartupCache(Path target, Path bootJar) {
        this.target = target;
        this.bootJar = bootJar;
    }

    /** The cache of the application whose Boot jar (the {@code *-exec.jar}) is given. */
    public static StartupCache of(Path bootJar) {
        return new StartupCache(bootJar.getParent().resolve(DIRECTORY), bootJar);
    }

    /**
     * Builds the caches of the {@link #APPLICATIONS} of the repository given as the first argument
     * (default: the working directory), as many at once as there are processors. Run by the
     * build after the applications are packaged; a cache that is still valid is kept.
     */
    public static void main(String[] arguments) throws InterruptedException {
        Path repository = Path.of(arguments.length > 0 ? arguments[0] : "").toAbsolutePath();
        List<StartupCache> caches = APPLICATIONS.stream()
                .map(application -> bootJar(repository, application)).map(StartupCache::of)
                .toList();
        int parallel = Math.min(caches.size(), Runtime.getRuntime().availableProcessors());
        System.out.printf("Recording the services' start-up caches (%s, %d at a time)%n", kind().description,
                parallel);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<String>> results = new ArrayList<>();
        for (StartupCache cache : caches) {
            results.add(pool.submit(() -> cache.build()));
        }
        pool.shutdown();
        for (Future<String> result : results) {
            try {
                System.out.println("  " + result.get());
            } catch (java.util.concurrent.ExecutionException e) {
                // a service without a cache still starts, only slower: say so and go on
                System.out.println("  " + e.getCause().getMessage());
            }
        }
        System.out.printf("Start-up caches done in %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** The runnable Boot jar ({@code *-exec.jar}) of a module of the repository. */
    static Path bootJar(Path repository, String module) {
        Path target = repository.resolve(module).resolve("target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runnable jar in " + target
                            + "; build first with ./mvnw -DskipTests package"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How to start this application: from the unpacked jar with its cache when the cache was
     * recorded from this Boot jar by this JVM, otherwise from the Boot jar.
     */
    public List<String> launchArguments() {
        if (isValid()) {
            // mapped where it was recorded, the cache is not rewritten at start: measured, 80 -> 39 MB of
            // its pages private to the process (ASLR for the archive is off; the JDK's own was like this up to 19)
            return List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
                    kind().useOption + cacheFile(), "-jar", target.resolve(APPLICATION_JAR).toString());
        }
        return bootJarArguments();
    }

    /** How to start this application without a cache: from its Boot jar. */
    public List<String> bootJarArguments() {
        return List.of("-jar", bootJar.toString());
    }

    public boolean isValid() {
        try {
            Path keyFile = target.resolve(KEY_FILE);
            return Files.isRegularFile(keyFile) && Files.isRegularFile(cacheFile())
                    && Files.readString(keyFile).equals(key());
        } catch (IOException e) {
            return false;
        }
    }

    /** Unpacks the jar and records the cache, unless a valid one is there; returns what it did. */
    String build() throws IOException, InterruptedException {
        String name = bootJar.getFileName().toString();
        if (isValid()) {
            return name + ": cache up to date";
        }
        long started = System.nanoTime();
        deleteDirectory(target);
        Files.createDirectories(target);
        Path log = target.resolveSibling(DIRECTORY + ".log");
        Files.deleteIfExists(log);
        if (run(List.of(ServiceProcess.javaExecutable(), "-Djarmode=tools", "-jar", bootJar.toString(), "extract",
                "--destination", target.toString(), "--application-filename", APPLICATION_JAR), Map.of(), log) != 0) {
            throw new IOException(name + ": could not be unpacked; see " + log);
        }
        List<String> training = new ArrayList<>();
        training.add(ServiceProcess.javaExecutable());
        training.addAll(List.of(StackOptions.DEFAULT_JVM_ARGUMENTS.split(" ")));
        training.add(kind().recordOption + cacheFile());
        training.addAll(List.of("-Dspring.context.exit=onRefresh", "-Dspring.kafka.admin.operation-timeout=1s",
                "-Dspring.kafka.admin.close-timeout=1s", "-jar", target.resolve(APPLICATION_JAR).toString()));
        // the exit status says nothing here: without Kafka the context may fail after it is built
        run(training, Map.of("PORT", "0", "SPRING_DATA_MONGODB_URI", "mongodb://" + CLOSED_PORT,
                "SPRING_DATA_REDIS_URL", "redis://" + CLOSED_PORT, "SPRING_KAFKA_BOOTSTRAP_SERVERS", CLOSED_PORT,
                "EUREKA_URL", "http://" + CLOSED_PORT + "/eureka/"), log);
        if (!Files.isRegularFile(cacheFile())) {
            throw new IOException(name + ": no cache recorded; see " + log);
        }
        markRecorded();
        return String.format("%s: %d MB in %d s", name, Files.size(cacheFile()) >> 20,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** Says that the cache file now there was recorded from the current Boot jar by this JVM. */
    void markRecorded() throws IOException {
        Files.writeString(target.resolve(KEY_FILE), key());
    }

    /** Runs the command and returns its exit status. */
    private static int run(List<String> command, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(TRAINING_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException(command.getLast() + " did not finish in " + TRAINING_LIMIT.toMinutes()
                    + " min; see " + log);
        }
        return process.exitValue();
    }

    Path cacheFile() {
        return target.resolve("application" + kind().extension);
    }

    /**
     * The content of the Boot jar it was recorded from and the JVM that recorded it: change either
     * and it is stale. Every build writes the Boot jar anew, with new times in it, so its content
     * is what counts: each entry's name, size and CRC, read from the jar's directory.
     */
    private String key() throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (ZipFile jar = new ZipFile(bootJar.toFile())) {
            jar.stream().forEach(entry -> digest.update((entry.getName() + ' ' + entry.getSize() + ' '
                    + entry.getCrc() + '\n').getBytes(StandardCharsets.UTF_8)));
        }
        return String.join("\n", bootJar.getFileName().toString(), HexFormat.of().formatHex(digest.digest()),
                System.getProperty("java.home"), Runtime.version().toString(), StackOptions.DEFAULT_JVM_ARGUMENTS)
                + "\n";
    }

    private static void deleteDirectory(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static Kind kind() {
        return Runtime.version().feature() >= 25 ? Kind.AOT_CACHE : Kind.CDS_ARCHIVE;
    }

    /** JDK 25 records an AOT cache in one run (JEP 514); older JDKs a dynamic CDS archive. */
    enum Kind {
        AOT_CACHE("AOT cache", "-XX:AOTCacheOutput=", "-XX:AOTCache=", ".aot"),
        CDS_ARCHIVE("CDS archive", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", ".jsa");

        final String description;
        final String recordOption;
        final String useOption;
        final String extension;

        Kind(String description, String recordOption, String useOption, String extension) {
            this.description = description;
            this.recordOption = recordOption;
            this.useOption = useOption;
            this.extension = extension;
        }
    }
}
