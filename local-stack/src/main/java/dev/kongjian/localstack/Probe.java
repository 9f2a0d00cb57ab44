package dev.kongjian.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Small HTTP checks the stack waits on: is a JVM ready, has Eureka seen it. */
final class Probe {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Probe() {
    }

    static Optional<HttpResponse<String>> get(String url, String accept) {
        try {
            var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
            if (accept != null) {
                request.header("Accept", accept);
            }
            return Optional.of(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static boolean ready(int port) {
        return get("http://127.0.0.1:" + port + "/actuator/health/readiness", null)
                .map(response -> response.statusCode() == 200).orElse(false);
    }

    /** How many instances of {@code application} Eureka lists as UP. */
    static int registeredUp(int discoveryPort, String application) {
        return get("http://127.0.0.1:" + discoveryPort + "/eureka/apps/" + application, "application/json")
                .filter(response -> response.statusCode() == 200)
                .map(response -> countUp(response.body()))
                .orElse(0);
    }

    static int countUp(String json) {
        JsonNode instances = JSON.readTree(json).path("application").path("instance");
        int count = 0;
        for (JsonNode instance : instances.isArray() ? instances : JSON.createArrayNode().add(instances)) {
            if ("UP".equals(instance.path("status").asString(""))) {
                count++;
            }
        }
        return count;
    }
}
