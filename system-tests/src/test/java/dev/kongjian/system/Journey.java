package dev.kongjian.system;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.kongjian.testing.HttpTestClient;

/** What the journey tests share: the gateway of the running stack, and a polling pace inside its rate limit. */
@ExtendWith(StackLogsOnFailure.class)
abstract class Journey {

    /** Polls slowly enough to stay inside the stack's per-user rate limit. */
    static final Duration POLL = Duration.ofMillis(400);

    static HttpTestClient gateway;

    @BeforeAll
    static void start() {
        gateway = new HttpTestClient(RunningStack.get().gatewayUrl());
    }
}
