package dev.kongjian.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * What every Kongjian service must do before it has any feature: probes and metrics for the
 * operator, a 401 for a request without a token, problem+json for paths it does not know.
 * A service's test extends this and adds {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
@Import(TestInfrastructure.class)
public abstract class ServiceSmokeTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    protected abstract String applicationName();

    @Test
    void livenessAndReadinessAreUp() throws Exception {
        assertThat(get("/actuator/health/liveness", null).body()).contains("\"UP\"");
        var readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
    }

    @Test
    void prometheusMetricsCarryTheApplicationTag() throws Exception {
        var metrics = get("/actuator/prometheus", null);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"" + applicationName() + "\"");
    }

    @Test
    void requestWithoutTokenIs401ProblemJson() throws Exception {
        var answer = get("/api/v1/anything", null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.headers().firstValue("X-Served-By")).hasValueSatisfying(
                servedBy -> assertThat(servedBy).startsWith(applicationName() + "/"));
    }

    @Test
    void itsOpenApiDocumentIsServedWithoutAToken() throws Exception {
        var document = get("/v3/api-docs", null);

        assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
        assertThat(document.body()).contains("\"title\":\"Kongjian " + applicationName() + "\"")
                .contains("\"/api/v1/");
    }

    @Test
    void actuatorEndpointsBeyondHealthAndMetricsAreNotExposed() throws Exception {
        assertThat(get("/actuator/env", null).statusCode()).isIn(401, 404);
        assertThat(get("/actuator/heapdump", null).statusCode()).isIn(401, 404);
    }

    protected HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
