package dev.kongjian.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import dev.kongjian.localstack.ServiceProcess;

/**
 * When a system test fails, prints the end of every service's log next to the failure: a CI
 * run keeps only its console, and the cause of a failure seen from outside is usually inside.
 */
final class StackLogsOnFailure implements TestWatcher {

    private static final int LINES = 25;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        StringBuilder out = new StringBuilder("\n=== service logs after failed test %s ===\n"
                .formatted(context.getDisplayName()));
        List<ServiceProcess> processes = RunningStack.ifStarted().map(stack -> stack.processes()).orElse(List.of());
        for (ServiceProcess process : processes) {
            out.append("--- ").append(process.instance()).append(process.isAlive() ? "" : " (not running)")
                    .append(" ---\n");
            tail(process).forEach(line -> out.append(line).append('\n'));
        }
        System.out.println(out);
    }

    private static List<String> tail(ServiceProcess process) {
        try {
            List<String> lines = Files.readAllLines(process.log(), StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - LINES), lines.size());
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }
}
