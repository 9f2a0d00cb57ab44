package dev.kongjian.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.yaml.snakeyaml.Yaml;

import dev.kongjian.localstack.StackOptions;

/**
 * No cluster is at hand on a build machine: the manifests under deploy/k8s are read the way
 * {@code kubectl apply -k deploy/k8s} reads them (every kustomization's resources, followed) and
 * checked for what a running cluster would otherwise reveal only by failing.
 */
class KubernetesManifestsTests {

    static final Path ROOT = Path.of("..", "deploy", "k8s");
    static final List<String> SERVICES = List.of("user-service", "feed-service", "messaging-service",
            "media-service", "mall-service");
    static final List<String> APPLICATIONS = List.of("discovery", "gateway", "user-service", "feed-service",
            "messaging-service", "media-service", "mall-service");
    static final String INFRASTRUCTURE_SECRET = "kongjian-infrastructure";

    static final List<Map<String, Object>> resources = new ArrayList<>();
    static Map<String, Object> root;

    @BeforeAll
    static void read() {
        root = yaml(ROOT.resolve("kustomization.yaml")).getFirst();
        collect(ROOT);
    }

    @Test
    void everyApplicationIsADeploymentOfItsOwnImageWithHealthProbes() {
        for (String application : APPLICATIONS) {
            var container = container(application);
            int port = application.equals("discovery") ? 8761 : 8080;

            assertThat(container.get("image")).as(application).asString().startsWith("kongjian/" + application + ":");
            assertThat(list(container, "ports")).as(application)
                    .contains(Map.of("name", "http", "containerPort", port));
            assertThat(environment(container)).as(application).containsEntry("PORT", Integer.toString(port));
            assertThat(probePath(container, "livenessProbe")).as(application).isEqualTo("/actuator/health/liveness");
            assertThat(probePath(container, "startupProbe")).as(application).isEqualTo("/actuator/health/liveness");
            assertThat(probePath(container, "readinessProbe")).as(application).isEqualTo("/actuator/health/readiness");
            var resourceLimits = map(container, "resources");
            assertThat(map(resourceLimits, "limits").get("memory")).as(application)
                    .isEqualTo(map(resourceLimits, "requests").get("memory"));
        }
    }

    @Test
    void everyPodRunsWithoutServiceLinks() {
        // a Service named kafka puts KAFKA_PORT=tcp://... in every pod's environment, and the Kafka
        // image reads each KAFKA_* variable as a broker setting
        for (var workload : kinds("Deployment", "StatefulSet")) {
            assertThat(podSpec(workload).get("enableServiceLinks")).as(name(workload)).isEqualTo(false);
        }
    }

    @Test
    void applicationsRunAsTheImagesUnprivilegedUserOnAReadOnlyFileSystem() {
        for (String application : APPLICATIONS) {
            assertThat(map(podSpec(workload(application)), "securityContext")).as(application)
                    .containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
            assertThat(map(container(application), "securityContext")).as(application)
                    .containsEntry("readOnlyRootFilesystem", true).containsEntry("allowPrivilegeEscalation", false);
            assertThat(list(container(application), "volumeMounts")).as(application)
                    .anySatisfy(mount -> assertThat(mount).containsEntry("mountPath", "/tmp"));
        }
    }

    @Test
    void theServicesAndTheGatewayFindTheInfrastructureInOneSecret() {
        for (String application : APPLICATIONS) {
            var envFrom = list(container(application), "envFrom");
            if (application.equals("discovery")) {
                assertThat(envFrom).isEmpty();
                continue;
            }
            assertThat(envFrom).as(application)
                    .contains(Map.of("secretRef", Map.of("name", INFRASTRUCTURE_SECRET)));
            assertThat(environment(container(application))).as(application)
                    .containsEntry("EUREKA_URL", "http://discovery:8761/eureka/");
        }
        assertThat(infrastructureSettings()).containsOnlyKeys("SPRING_DATA_MONGODB_URI",
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", "SPRING_DATA_REDIS_URL");
        assertThat(infrastructureSettings().get("SPRING_DATA_MONGODB_URI")).contains("replicaSet=");
    }

    @Test
    void theTrialInfrastructureAnswersAtTheAddressesInTheSecret() {
        var settings = infrastructureSettings();
        assertReachable(URI.create(settings.get("SPRING_DATA_MONGODB_URI")), 27017);
        assertReachable(URI.create("kafka://" + settings.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")), 9092);
        assertReachable(URI.create(settings.get("SPRING_DATA_REDIS_URL")), 6379);
    }

    @Test
    void everyServiceSelectsPodsThatExistOnANamedPort() {
        for (var service : kinds("Service")) {
            var spec = map(service, "spec");
            var selector = map(spec, "selector");
            var selected = kinds("Deployment", "StatefulSet").stream()
                    .filter(workload -> labels(workload).entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected).as(name(service)).hasSize(1);
            for (var port : list(spec, "ports")) {
                Object target = port.getOrDefault("targetPort", port.get("port"));
                assertThat(list(podSpec(selected.getFirst()), "containers").stream()
                        .flatMap(container -> list(container, "ports").stream())
                        .anyMatch(declared -> target.equals(declared.get("name"))
                                || target.equals(declared.get("containerPort"))))
                        .as("%s port %s", name(service), target).isTrue();
            }
        }
    }

    @Test
    void everyWorkloadSelectsItsOwnPods() {
        for (var workload : kinds("Deployment", "StatefulSet")) {
            var matchLabels = map(map(map(workload, "spec"), "selector"), "matchLabels");
            assertThat(labels(workload)).as(name(workload)).containsAllEntriesOf(matchLabels);
        }
    }

    @Test
    void servicesGetTheSameExtraJvmArgumentsAsInTheLocalStack() {
        for (String service : SERVICES) {
            assertThat(environment(container(service)).get("JDK_JAVA_OPTIONS")).as(service)
                    .isEqualTo(StackOptions.SERVICE_JVM_ARGUMENTS.get(service));
        }
    }

    @Test
    void theGatewaysTogetherOpenFewerConnectionsToAnInstanceThanItAccepts() {
        var gateway = workload("gateway");
        int replicas = (Integer) map(gateway, "spec").get("replicas");
        int perGateway = Integer.parseInt(
                environment(container("gateway")).get("KONGJIAN_GATEWAY_CONNECTIONS_PER_INSTANCE"));

        // 256: server.tomcat.max-connections of every service (README, Configuration)
        assertThat(replicas * perGateway).isLessThan(256);
    }

    @Test
    void eachServiceScalesByCpuFromTwoInstancesAndTheGatewayKeepsItsCount() {
        for (String service : SERVICES) {
            var autoscalers = kinds("HorizontalPodAutoscaler").stream()
                    .filter(hpa -> name(hpa).equals(service)).toList();
            assertThat(autoscalers).as(service).hasSize(1);
            var spec = map(autoscalers.getFirst(), "spec");
            assertThat(map(spec, "scaleTargetRef")).as(service)
                    .containsEntry("kind", "Deployment").containsEntry("name", service);
            assertThat((Integer) spec.get("minReplicas")).as(service).isGreaterThanOrEqualTo(2);
            // replicas in the Deployment too would be reset by every apply, fighting the autoscaler
            assertThat(map(workload(service), "spec")).as(service).doesNotContainKey("replicas");
        }
        // gateways x connections per instance must stay below what a service accepts: not autoscaled
        assertThat(kinds("HorizontalPodAutoscaler")).noneSatisfy(hpa -> assertThat(name(hpa)).isEqualTo("gateway"));
        assertThat(map(workload("gateway"), "spec")).containsKey("replicas");
    }

    @Test
    void aStoppingPodHasTimeToDrainAndFinishItsRequests() {
        // the gateway's preStop (or a service's KONGJIAN_SHUTDOWN_DRAIN, 10 s by default), then Spring's
        // 30 s for the requests under way
        for (String application : APPLICATIONS) {
            assertThat((Integer) podSpec(workload(application)).get("terminationGracePeriodSeconds")).as(application)
                    .isGreaterThanOrEqualTo(10 + 30);
        }
        assertThat(map(map(container("gateway"), "lifecycle"), "preStop")).containsKey("exec");
    }

    @Test
    void theGatewayAloneIsReachableFromOutsideAndSeesTheClientsAddress() {
        for (var service : kinds("Service")) {
            var spec = map(service, "spec");
            if (name(service).equals("gateway")) {
                assertThat(spec).containsEntry("type", "LoadBalancer").containsEntry("externalTrafficPolicy", "Local");
            } else {
                assertThat(spec.getOrDefault("type", "ClusterIP")).as(name(service)).isEqualTo("ClusterIP");
            }
        }
    }

    private static void assertReachable(URI address, int port) {
        String host = address.getHost();
        assertThat(address.getPort()).as(address.toString()).isEqualTo(port);
        // <statefulset>-0.<service>: a pod of a StatefulSet through its headless Service
        String[] parts = host.split("\\.");
        String serviceName = parts[parts.length - 1];
        var service = kinds("Service").stream().filter(s -> name(s).equals(serviceName)).findFirst();
        assertThat(service).as(host).isPresent();
        var ports = list(map(service.get(), "spec"), "ports").stream().map(p -> p.get("port")).toList();
        assertThat(ports).as(host).contains(port);
        if (parts.length == 2) {
            var statefulSet = workload(parts[0].substring(0, parts[0].lastIndexOf('-')));
            assertThat(map(statefulSet, "spec")).as(host).containsEntry("serviceName", serviceName);
            assertThat(map(service.get(), "spec")).as(host).containsEntry("clusterIP", "None");
        }
    }

    private static Map<String, String> infrastructureSettings() {
        var generator = list(root, "secretGenerator").stream()
                .filter(secret -> INFRASTRUCTURE_SECRET.equals(secret.get("name"))).findFirst().orElseThrow();
        Map<String, String> settings = new LinkedHashMap<>();
        for (Object literal : (List<?>) generator.get("literals")) {
            String[] pair = literal.toString().split("=", 2);
            settings.put(pair[0], pair[1]);
        }
        return settings;
    }

    private static void collect(Path directory) {
        var kustomization = yaml(directory.resolve("kustomization.yaml")).getFirst();
        assertThat(kustomization).as(directory.toString()).containsEntry("kind", "Kustomization");
        for (Object entry : (List<?>) kustomization.getOrDefault("resources", List.of())) {
            Path resource = directory.resolve(entry.toString());
            assertThat(resource).as("listed in %s", directory).exists();
            if (Files.isDirectory(resource)) {
                collect(resource);
            } else {
                resources.addAll(yaml(resource));
            }
        }
    }

    private static List<Map<String, Object>> yaml(Path file) {
        try {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml().loadAll(Files.readString(file))) {
                if (document != null) {
                    documents.add(cast(document));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> kinds(String... kinds) {
        return resources.stream().filter(resource -> List.of(kinds).contains(resource.get("kind"))).toList();
    }

    private static Map<String, Object> workload(String name) {
        var matching = kinds("Deployment", "StatefulSet").stream().filter(w -> name(w).equals(name)).toList();
        assertThat(matching).as(name).hasSize(1);
        return matching.getFirst();
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload, "spec"), "template"), "spec");
    }

    private static Map<String, Object> labels(Map<String, Object> workload) {
        return map(map(map(map(workload, "spec"), "template"), "metadata"), "labels");
    }

    private static Map<String, Object> container(String application) {
        var containers = list(podSpec(workload(application)), "containers");
        assertThat(containers).as(application).hasSize(1);
        return containers.getFirst();
    }

    private static Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> environment = new LinkedHashMap<>();
        list(container, "env").forEach(variable -> environment.put(variable.get("name").toString(),
                Optional.ofNullable(variable.get("value")).map(Object::toString).orElse(null)));
        return environment;
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return map(map(container, probe), "httpGet").get("path").toString();
    }

    private static String name(Map<String, Object> resource) {
        return map(resource, "metadata").get("name").toString();
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : cast(value);
    }

    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : cast(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
