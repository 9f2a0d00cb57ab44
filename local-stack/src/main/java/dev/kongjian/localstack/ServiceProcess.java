package dev.kongjian.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service JVM of the stack: its port, its log file, and how to stop it. */
public final class ServiceProcess {

    private final String name;
    private final String instance;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, String instance, int port, Path log, Process process) {
        this.name = name;
        this.instance = instance;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code java <jvmArguments> -Dkongjian.stack.instance=<instance> <launchArguments>}. */
    static ServiceProcess start(String name, String instance, int port, List<String> jvmArguments,
            List<String> launchArguments, Map<String, String> environment, Path logDirectory, Path pidDirectory) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArguments);
        command.add("-Dkongjian.stack.instance=" + instance);
        command.addAll(launchArguments);
        Path log = logDirectory.resolve(instance + ".log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        // fewer glibc malloc arenas: a large part of an idle JVM's RSS otherwise
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        try {
            Process process = builder.start();
            Files.writeString(pidDirectory.resolve(instance + ".pid"), Long.toString(process.pid()));
            return new ServiceProcess(name, instance, port, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + instance, e);
        }
    }

    /** The java of this JVM: the stack runs its services on the JDK it was started with. */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public String name() {
        return name;
    }

    public String instance() {
        return instance;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the JVM to shut down gracefully (SIGTERM), and kills it if it has not after the grace period. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            requestStop();
            awaitExit(grace);
        }
    }

    /** Like {@link #stop(Duration)} but without waiting, for stopping many at once. */
    public void requestStop() {
        process.destroy();
    }

    public void awaitExit(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
