package dev.kongjian.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.yaml.snakeyaml.Yaml;

import dev.kongjian.localstack.StackOptions;

/** Docker is not available on every build machine; the compose file's shape is checked here. */
class DockerComposeFileTests {

    static final List<String> SCALABLE = List.of("user-service", "feed-service", "messaging-service",
            "media-service", "mall-service");
    static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("..", "docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void everyPartOfTheSystemIsThere() {
        assertThat(services).containsKeys("mongo", "kafka", "redis", "discovery", "gateway");
        assertThat(services).containsKeys(SCALABLE.toArray(String[]::new));
    }

    @Test
    void everyContainerHasAHealthCheckAndAMemoryLimit() {
        services.forEach((name, service) -> {
            assertThat(service).as(name).containsKey("healthcheck");
            assertThat(service).as(name).containsKey("deploy");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesWaitForHealthyInfrastructure() {
        for (String name : SCALABLE) {
            var dependsOn = (Map<String, Map<String, String>>) services.get(name).get("depends_on");
            assertThat(dependsOn).as(name).containsKeys("mongo", "kafka", "redis", "discovery");
            dependsOn.values().forEach(condition -> assertThat(condition).containsEntry("condition", "service_healthy"));
        }
    }

    @Test
    void scalableServicesPublishNoHostPorts() {
        for (String name : SCALABLE) {
            assertThat(services.get(name)).as(name).doesNotContainKey("ports");
        }
        assertThat(services.get("gateway")).containsKey("ports");
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesAreBuiltFromTheRepositoryAndConfiguredByEnvironment() {
        for (String name : SCALABLE) {
            var build = (Map<String, Object>) services.get(name).get("build");
            assertThat((Map<String, String>) build.get("args")).containsEntry("SERVICE", name);
            var environment = (Map<String, String>) services.get(name).get("environment");
            assertThat(environment).containsKeys("SPRING_DATA_MONGODB_URI", "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                    "SPRING_DATA_REDIS_URL", "EUREKA_URL");
            assertThat(environment.get("SPRING_DATA_MONGODB_URI")).contains("replicaSet=");
        }
        assertThat(Files.exists(Path.of("..", "Dockerfile"))).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStoppedServiceHasTimeToDrainAndFinishItsRequests() {
        // KONGJIAN_SHUTDOWN_DRAIN (10 s by default) and Spring's 30 s for the requests under way
        for (String name : SCALABLE) {
            assertThat(services.get(name).get("stop_grace_period")).as(name).isEqualTo("45s");
            var environment = (Map<String, String>) services.get(name).get("environment");
            assertThat(environment).as(name).doesNotContainKey("KONGJIAN_SHUTDOWN_DRAIN");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesGetTheSameExtraJvmArgumentsAsInTheLocalStack() {
        for (String name : SCALABLE) {
            var environment = (Map<String, String>) services.get(name).get("environment");
            assertThat(environment.get("JDK_JAVA_OPTIONS")).as(name)
                    .isEqualTo(StackOptions.SERVICE_JVM_ARGUMENTS.get(name));
        }
    }
}
