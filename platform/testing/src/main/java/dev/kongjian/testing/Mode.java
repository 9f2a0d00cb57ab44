package dev.kongjian.testing;

/** Where a component comes from, in order of preference. */
public enum Mode {
    /** The standard Spring environment variable points at a running server. */
    EXTERNAL,
    /** Testcontainers starts the production image. */
    DOCKER,
    /** The server runs inside this JVM (Kafka, MongoDB wire protocol) or as a child process (redis-server). */
    EMBEDDED
}
