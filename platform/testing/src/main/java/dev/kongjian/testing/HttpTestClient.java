package dev.kongjian.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests that must see exactly what a mobile app would see. */
public record HttpTestClient(String base) {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration SLOW = Duration.ofSeconds(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Answer(int status, String contentType, String body, HttpResponse<String> raw) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Answer send(String method, String path, String token, String body, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            builder.headers(headers);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            reportIfSlow(method, path, response.statusCode(), start);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response);
        } catch (IOException e) {
            reportIfSlow(method, path, -1, start);
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request this slow is worth a line in the console: CI keeps only that. */
    private void reportIfSlow(String method, String path, int status, long start) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis >= SLOW.toMillis()) {
            System.out.printf("%s slow answer: %s %s%s -> %s after %d ms%n", java.time.Instant.now(), method, base,
                    path, status < 0 ? "no answer" : Integer.toString(status), millis);
        }
    }

    /** Asserts that the answer is an RFC 9457 problem of the project's kind with this status. */
    public static void assertProblem(Answer answer, int status) {
        org.assertj.core.api.Assertions.assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        org.assertj.core.api.Assertions.assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        org.assertj.core.api.Assertions.assertThat(problem.path("status").asInt()).isEqualTo(status);
        org.assertj.core.api.Assertions.assertThat(problem.path("title").asString()).isNotBlank();
        org.assertj.core.api.Assertions.assertThat(problem.has("detail")).isTrue();
        org.assertj.core.api.Assertions.assertThat(problem.path("type").asString())
                .startsWith("https://kongjian.dev/problems/");
    }
}
