package dev.kongjian.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kongjian.testing.Component;
import dev.kongjian.testing.EmbeddedInfrastructure;
import dev.kongjian.testing.InfrastructureSelection;

/**
 * Starts the whole system on one machine without Docker: embedded Kafka (KRaft), redis-server
 * and MongoDB (mongo-java-server on H2, so data survives a restart) in this JVM, then discovery,
 * the five services and the gateway, each in its own JVM. Waits until all are ready and
 * registered, and stops everything on Ctrl-C.
 */
public final class LocalStack implements AutoCloseable {

    static {
        // the launcher's console stays readable; the test logging of platform/testing does not apply here
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-local-stack.xml");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(4);
    private static final Duration GRACE = Duration.ofSeconds(20);

    private final StackOptions options;
    private final List<EmbeddedInfrastructure.Running<String>> infrastructure = new ArrayList<>();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final java.util.Set<Integer> allocatedPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private int discoveryPort;
    private int gatewayPort;

    private LocalStack(StackOptions options) {
        this.options = options;
    }

    public static void main(String[] arguments) throws InterruptedException {
        Path repository = Path.of("").toAbsolutePath();
        StackOptions options;
        try {
            options = StackOptions.fromArguments(arguments, repository);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack stack = new LocalStack(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Kongjian...");
            silenceEmbeddedKafka();
            stack.close();
            stopped.countDown();
            System.out.println("Kongjian stopped.");
            // a stop asked for is a clean end, whatever signal asked for it
            Runtime.getRuntime().halt(0);
        }, "local-stack-stop"));
        long started = System.nanoTime();
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("Kongjian did not start: " + e.getMessage());
            System.exit(1);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.println(stack.summary(seconds));
        stopped.await();
    }

    /** Starts a stack and returns once every service is ready and registered. */
    public static LocalStack start(StackOptions options) {
        LocalStack stack = new LocalStack(options);
        try {
            stack.start();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void start() {
        prepareRunDirectory();
        startInfrastructure();
        discoveryPort = port(StackOptions.DISCOVERY_PORT);
        environment.put("EUREKA_URL", "http://127.0.0.1:" + discoveryPort + "/eureka/");
        // Ctrl-C stops the gateway before the services, so an instance has no one to keep serving after
        // it left discovery; in production it stays for the gateways to notice (README, Scaling a service)
        environment.put("KONGJIAN_SHUTDOWN_DRAIN", System.getenv().getOrDefault("KONGJIAN_SHUTDOWN_DRAIN", "0s"));
        environment.putAll(options.environment());

        ServiceProcess discovery = launch(StackOptions.DISCOVERY, StackOptions.DISCOVERY, discoveryPort);
        awaitReady(List.of(discovery));

        List<ServiceProcess> services = new ArrayList<>();
        StackOptions.SERVICES.forEach((service, wellKnownPort) -> {
            for (int i = 1; i <= options.instancesOf(service); i++) {
                int port = i == 1 ? port(wellKnownPort) : freePort();
                services.add(launch(service, i == 1 ? service : service + "-" + i, port));
            }
        });
        gatewayPort = port(StackOptions.GATEWAY_PORT);
        services.add(launch(StackOptions.GATEWAY, StackOptions.GATEWAY, gatewayPort));
        for (int i = 2; i <= options.instancesOf(StackOptions.GATEWAY); i++) {
            services.add(launch(StackOptions.GATEWAY, StackOptions.GATEWAY + "-" + i, freePort()));
        }
        awaitReady(services);
        awaitRegistered();
    }

    private void prepareRunDirectory() {
        try {
            Files.createDirectories(logDirectory());
            Files.createDirectories(pidDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stopLeftovers();
    }

    /**
     * Once the stack stops, the embedded broker's reports of its own teardown are noise. Kafka's test
     * kit deletes the broker's temporary directories in a JVM shutdown hook that runs beside this
     * one, and the broker then warned of every partition it could no longer reach, with stack
     * traces, on every Ctrl-C.
     */
    private static void silenceEmbeddedKafka() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger", "org.springframework.kafka")) {
                context.getLogger(name).setLevel(ch.qos.logback.classic.Level.OFF);
            }
        }
    }

    /** A previous run that was killed (not stopped) may have left JVMs behind: end them first. */
    private void stopLeftovers() {
        try (Stream<Path> pidFiles = Files.list(pidDirectory())) {
            pidFiles.forEach(file -> {
                try {
                    long pid = Long.parseLong(Files.readString(file).trim());
                    ProcessHandle.of(pid)
                            .filter(handle -> handle.info().commandLine().orElse("").contains("kongjian.stack.instance"))
                            .ifPresent(handle -> {
                                log.warn("Stopping {} (pid {}) left over from an earlier run", file.getFileName(), pid);
                                handle.destroy();
                                handle.onExit().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS)
                                        .exceptionally(e -> {
                                            handle.destroyForcibly();
                                            return handle;
                                        }).join();
                            });
                    Files.deleteIfExists(file);
                } catch (IOException | NumberFormatException e) {
                    log.debug("ignoring pid file {}", file);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startInfrastructure() {
        var selection = new InfrastructureSelection(System.getenv(), () -> false);
        String mongo = selection.externalEndpoint(Component.MONGODB).orElseGet(() -> track(EmbeddedInfrastructure
                .mongo(port(27017), options.keepsData() ? options.runDirectory().resolve("data").resolve("mongo.mv")
                        : null)));
        String redis = selection.externalEndpoint(Component.REDIS)
                .orElseGet(() -> track(EmbeddedInfrastructure.redis(port(6379))));
        String kafka = selection.externalEndpoint(Component.KAFKA)
                .orElseGet(() -> track(EmbeddedInfrastructure.kafka(port(9092), 6, List.of())));
        environment.put("SPRING_DATA_MONGODB_URI", mongo);
        environment.put("SPRING_DATA_REDIS_URL", redis);
        environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka);
    }

    private String track(EmbeddedInfrastructure.Running<String> running) {
        infrastructure.add(running);
        return running.endpoint();
    }

    /**
     * Stops one instance and starts it again on the same port with extra JVM arguments (a
     * benchmark compares settings this way), and waits until it is ready and routable.
     */
    public ServiceProcess relaunch(String instance, List<String> extraJvmArguments) {
        ServiceProcess old = process(instance).orElseThrow(() -> new IllegalArgumentException("no " + instance));
        old.stop(GRACE);
        synchronized (processes) {
            processes.remove(old);
        }
        ServiceProcess fresh = launch(old.name(), instance, old.port(), extraJvmArguments);
        awaitReady(List.of(fresh));
        awaitRegistered();
        return fresh;
    }

    private ServiceProcess launch(String module, String instance, int port) {
        return launch(module, instance, port, List.of());
    }

    private ServiceProcess launch(String module, String instance, int port, List<String> extraJvmArguments) {
        StartupCache cache = StartupCache.of(StartupCache.bootJar(options.repository(), module));
        List<String> launchArguments = StartupCache.APPLICATIONS.contains(module) ? cache.launchArguments()
                : cache.bootJarArguments();
        boolean cached = !launchArguments.equals(cache.bootJarArguments());
        List<String> jvmArguments = new ArrayList<>(options.jvmArguments(module));
        jvmArguments.addAll(extraJvmArguments);
        ServiceProcess process = ServiceProcess.start(module, instance, port, jvmArguments, launchArguments,
                environment, logDirectory(), pidDirectory());
        synchronized (processes) {
            processes.add(process);
        }
        log.info("Started {} on port {} (pid {}{}), log: {}", instance, port, process.pid(),
                cached ? ", with its start-up cache" : "", process.log());
        return process;
    }

    private void awaitReady(List<ServiceProcess> waitingFor) {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(waitingFor);
        while (!waiting.isEmpty()) {
            for (ServiceProcess process : List.copyOf(waiting)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(process.instance() + " exited during startup; see " + process.log());
                }
                if (Probe.ready(process.port())) {
                    log.info("{} is ready", process.instance());
                    waiting.remove(process);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready after " + STARTUP_LIMIT.toSeconds() + " s: "
                        + waiting.stream().map(ServiceProcess::instance).toList() + "; see " + logDirectory());
            }
            pause(Duration.ofMillis(500));
        }
    }

    /** Every service is listed UP in Eureka, and the gateway has fetched the registry since. */
    private void awaitRegistered() {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        Map<String, Integer> expected = new LinkedHashMap<>();
        StackOptions.SERVICES.keySet().forEach(service -> expected.put(service, options.instancesOf(service)));
        expected.put(StackOptions.GATEWAY, options.instancesOf(StackOptions.GATEWAY));
        for (var entry : expected.entrySet()) {
            while (Probe.registeredUp(discoveryPort, entry.getKey()) < entry.getValue()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(entry.getKey() + " did not register with discovery");
                }
                pause(Duration.ofMillis(500));
            }
        }
        // the gateway refreshes its copy of the registry every 5 s: wait until it routes to user-service
        while (Probe.get(gatewayUrl() + "/.well-known/jwks.json", null).map(r -> r.statusCode() != 200).orElse(true)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway does not reach user-service");
            }
            pause(Duration.ofMillis(500));
        }
        pause(Duration.ofSeconds(6));
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    public String discoveryUrl() {
        return "http://127.0.0.1:" + discoveryPort;
    }

    /**
     * Where the stack's infrastructure answers, as every service is told it: the value of
     * {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}, {@code SPRING_DATA_REDIS_URL} or {@code SPRING_DATA_MONGODB_URI}.
     */
    public String infrastructure(String variable) {
        return environment.get(variable);
    }

    public Path logDirectory() {
        return options.runDirectory().resolve("logs");
    }

    private Path pidDirectory() {
        return options.runDirectory().resolve("pids");
    }

    public List<ServiceProcess> processes() {
        synchronized (processes) {
            return List.copyOf(processes);
        }
    }

    public Optional<ServiceProcess> process(String instance) {
        return processes().stream().filter(process -> process.instance().equals(instance)).findFirst();
    }

    String summary(long seconds) {
        StringBuilder text = new StringBuilder();
        text.append("\nKongjian is up (").append(seconds).append(" s).\n");
        text.append("  Gateway (the app's API):  ").append(gatewayUrl().replace("127.0.0.1", "localhost")).append('\n');
        text.append("  API documentation:        ").append(gatewayUrl().replace("127.0.0.1", "localhost"))
                .append("/swagger-ui.html\n");
        text.append("  Discovery dashboard:      ").append(discoveryUrl().replace("127.0.0.1", "localhost")).append('\n');
        text.append("  Logs:                     ").append(logDirectory()).append('\n');
        text.append("  Data (MongoDB on disk):   ").append(options.runDirectory().resolve("data")).append('\n');
        for (ServiceProcess process : processes()) {
            text.append("    ").append(String.format("%-22s port %-6d pid %d", process.instance(), process.port(),
                    process.pid())).append('\n');
        }
        text.append("Press Ctrl-C to stop.");
        return text.toString();
    }

    /** Stops the gateway first, then the services, then discovery, then the infrastructure. */
    @Override
    public void close() {
        List<ServiceProcess> all = processes();
        List<ServiceProcess> gateways = all.stream().filter(p -> p.name().equals(StackOptions.GATEWAY)).toList();
        List<ServiceProcess> services = all.stream().filter(p -> StackOptions.SERVICES.containsKey(p.name())).toList();
        List<ServiceProcess> discovery = all.stream().filter(p -> p.name().equals(StackOptions.DISCOVERY)).toList();
        for (List<ServiceProcess> group : List.of(gateways, services, discovery)) {
            group.forEach(ServiceProcess::requestStop);
            group.forEach(process -> process.awaitExit(GRACE));
        }
        for (var running : infrastructure.reversed()) {
            try {
                running.close();
            } catch (RuntimeException e) {
                log.warn("could not stop infrastructure cleanly: {}", e.toString());
            }
        }
        infrastructure.clear();
        try (Stream<Path> pidFiles = Files.exists(pidDirectory()) ? Files.list(pidDirectory()) : Stream.empty()) {
            pidFiles.forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            log.debug("could not clean pid files", e);
        }
    }

    private int port(int wellKnown) {
        if (!options.wellKnownPorts()) {
            return freePort();
        }
        allocatedPorts.add(wellKnown);
        try (ServerSocket socket = new ServerSocket(wellKnown)) {
            socket.setReuseAddress(true);
            return wellKnown;
        } catch (IOException e) {
            throw new IllegalStateException("port " + wellKnown + " is in use; is another Kongjian (or another "
                    + "server) running? Stop it, or free the port", e);
        }
    }

    /**
     * A free port not handed out before in this run: the OS may offer a port again once its
     * probe socket is closed, before the JVM it was meant for has bound it.
     */
    private int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (allocatedPorts.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting");
        }
    }
}
