package dev.kongjian.testing;

import java.util.List;
import java.util.function.Supplier;

/**
 * One server of each kind per test JVM, each started on first use and stopped when the JVM
 * exits, so that every Spring context of a test run shares them, and a test that needs only
 * Redis starts only Redis.
 */
public final class SharedInfrastructure {

    private static final InfrastructureSelection SELECTION = new InfrastructureSelection(System.getenv(),
            ContainerInfrastructure::dockerAvailable);

    private static String mongo;
    private static String kafka;
    private static String redis;

    private SharedInfrastructure() {
    }

    public static Endpoints endpoints() {
        return new Endpoints(mongoUri(), kafkaBootstrapServers(), redisUrl());
    }

    public static synchronized String mongoUri() {
        if (mongo == null) {
            mongo = start(Component.MONGODB, ContainerInfrastructure::mongo, () -> EmbeddedInfrastructure.mongo(0, null));
        }
        return mongo;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = start(Component.KAFKA, ContainerInfrastructure::kafka,
                    () -> EmbeddedInfrastructure.kafka(0, 1, List.of()));
        }
        return kafka;
    }

    public static synchronized String redisUrl() {
        if (redis == null) {
            redis = start(Component.REDIS, ContainerInfrastructure::redis, () -> EmbeddedInfrastructure.redis(0));
        }
        return redis;
    }

    private static String start(Component component, Supplier<EmbeddedInfrastructure.Running<String>> container,
            Supplier<EmbeddedInfrastructure.Running<String>> embedded) {
        var external = SELECTION.externalEndpoint(component);
        if (external.isPresent()) {
            return external.get();
        }
        var running = SELECTION.modeOf(component) == Mode.DOCKER ? container.get() : embedded.get();
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "stop-test-" + component.name().toLowerCase()));
        return running.endpoint();
    }
}
