package dev.kongjian.system;

import java.nio.file.Path;
import java.util.Map;

import dev.kongjian.localstack.LocalStack;
import dev.kongjian.localstack.StackOptions;

/**
 * The stack the system tests drive, started once per test JVM exactly as the local stack
 * starts (own JVM per service, embedded infrastructure), on free ports, with two instances
 * of feed-service and a small rate limit so that both can be observed, and an instance that stops
 * serves until the gateway no longer chooses it, as in production.
 */
final class RunningStack {

    static final int USER_RATE = 5;
    static final int USER_BURST = 30;

    private static LocalStack stack;

    private RunningStack() {
    }

    /** The stack if it was started, without starting one. */
    static synchronized java.util.Optional<LocalStack> ifStarted() {
        return java.util.Optional.ofNullable(stack);
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            Path repository = Path.of("..").toAbsolutePath().normalize();
            var options = new StackOptions(repository, Path.of("target", "stack").toAbsolutePath(), false,
                    Map.of("feed-service", 2),
                    Map.of("KONGJIAN_RATE_LIMIT_USER_RATE", Integer.toString(USER_RATE),
                            "KONGJIAN_RATE_LIMIT_USER_BURST", Integer.toString(USER_BURST),
                            // as in production, where an instance stopped alone keeps serving until the gateway left it
                            "KONGJIAN_SHUTDOWN_DRAIN", "10s"),
                    StackOptions.DEFAULT_JVM_ARGUMENTS);
            stack = LocalStack.start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "system-tests-stop-stack"));
        }
        return stack;
    }
}
