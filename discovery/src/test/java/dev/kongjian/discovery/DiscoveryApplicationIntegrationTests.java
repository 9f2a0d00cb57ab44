package dev.kongjian.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DiscoveryApplicationIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void servesTheDashboardTheRegistryAndHealth() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        var dashboard = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        var registry = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/eureka/apps"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        var health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Eureka");
        assertThat(registry.statusCode()).isEqualTo(200);
        assertThat(registry.body()).contains("applications");
        assertThat(health.body()).contains("UP");
    }
}
