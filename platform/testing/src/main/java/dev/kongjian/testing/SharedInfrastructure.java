package dev.kongjian.testing;

import java.util.ArrayList;
import java.util.List;


/**
 * One set of servers per test JVM, started on first use and stopped when the JVM exits, so
 * that every Spring context of a test run shares them.
 */
public final class SharedInfrastructure {

    private static Endpoints endpoints;

    private SharedInfrastructure() {
    }

    public static synchronized Endpoints endpoints() {
        if (endpoints == null) {
            endpoints = start(new InfrastructureSelection(System.getenv(), ContainerInfrastructure::dockerAvailable));
        }
        return endpoints;
    }

    static Endpoints start(InfrastructureSelection selection) {
        List<EmbeddedInfrastructure.Running<String>> started = new ArrayList<>();
        String mongo = selection.externalEndpoint(Component.MONGODB).orElseGet(() -> track(started,
                selection.modeOf(Component.MONGODB) == Mode.DOCKER ? ContainerInfrastructure.mongo()
                        : EmbeddedInfrastructure.mongo(0, null)));
        String kafka = selection.externalEndpoint(Component.KAFKA).orElseGet(() -> track(started,
                selection.modeOf(Component.KAFKA) == Mode.DOCKER ? ContainerInfrastructure.kafka()
                        : EmbeddedInfrastructure.kafka(0, 1, List.of())));
        String redis = selection.externalEndpoint(Component.REDIS).orElseGet(() -> track(started,
                selection.modeOf(Component.REDIS) == Mode.DOCKER ? ContainerInfrastructure.redis()
                        : EmbeddedInfrastructure.redis(0)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.reversed().forEach(EmbeddedInfrastructure.Running::close),
                "kongjian-test-infrastructure-stop"));
        return new Endpoints(mongo, kafka, redis);
    }

    private static String track(List<EmbeddedInfrastructure.Running<String>> started,
            EmbeddedInfrastructure.Running<String> running) {
        started.add(running);
        return running.endpoint();
    }
}
