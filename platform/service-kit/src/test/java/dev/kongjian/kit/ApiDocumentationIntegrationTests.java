package dev.kongjian.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.TestInfrastructure;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kongjian.security.public-paths=/api/v1/numbers/*,/api/v1/flaky")
@Import({ TestInfrastructure.class, TestTokens.class })
class ApiDocumentationIntegrationTests {

    @LocalServerPort
    int port;

    JsonNode document() {
        var answer = new HttpTestClient("http://localhost:" + port).send("GET", "/v3/api-docs", null, null);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void theDocumentIsOpenAndDescribesTheClientApiOnlyAsSeenThroughTheGateway() {
        JsonNode doc = document();

        assertThat(doc.path("info").path("title").asString()).isEqualTo("Kongjian kit-test");
        assertThat(doc.path("servers").get(0).path("url").asString()).isEqualTo("/");
        assertThat(doc.path("paths").propertyNames()).contains("/api/v1/notes", "/api/v1/letters")
                .allMatch(path -> path.startsWith("/api/"));
        assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asString())
                .isEqualTo("bearer");
    }

    @Test
    void pagingAndIdempotencyAreParametersButTheCallerAndThePageObjectAreNot() {
        JsonNode doc = document();

        assertThat(names(doc.path("paths").path("/api/v1/letters").path("get").path("parameters")))
                .containsExactly("limit", "cursor");
        assertThat(names(doc.path("paths").path("/api/v1/notes").path("post").path("parameters")))
                .containsExactly("Idempotency-Key");
        assertThat(doc.path("paths").path("/api/v1/notes").path("post").path("tags").get(0).asString())
                .isEqualTo("Notes");
        assertThat(doc.path("paths").path("/api/v1/notes").path("post").path("requestBody").isMissingNode()).isFalse();
    }

    @Test
    void aTextLimitInCharactersIsDocumentedAsALengthLimit() {
        JsonNode text = document().path("components").path("schemas").path("NoteRequest").path("properties")
                .path("text");

        assertThat(text.path("maxLength").asInt()).isEqualTo(10);
        assertThat(text.path("minLength").asInt()).as("@NotBlank's minimum stays").isEqualTo(1);
    }

    @Test
    void everyOperationMayAnswerAProblemDocumentAndAnswersJson() {
        JsonNode doc = document();

        JsonNode responses = doc.path("paths").path("/api/v1/notes").path("post").path("responses");
        assertThat(responses.path("4XX").path("content").path("application/problem+json").path("schema")
                .path("$ref").asString()).isEqualTo("#/components/schemas/Problem");
        assertThat(responses.path("201").path("content").propertyNames()).containsExactly("application/json");
        assertThat(doc.path("components").path("schemas").path("Problem").path("properties").propertyNames())
                .contains("type", "title", "status", "detail", "errors");
    }

    @Test
    void publicPathsNeedNoTokenAndTheRestNeedsOne() {
        JsonNode doc = document();

        JsonNode open = doc.path("paths").path("/api/v1/numbers/{n}").path("get").path("security");
        assertThat(names(doc.path("paths").path("/api/v1/flaky").path("post").path("parameters")))
                .as("a public POST takes no Idempotency-Key").isEmpty();
        assertThat(open.isArray() && open.isEmpty()).as("security of a public path: %s", open).isTrue();
        assertThat(doc.path("paths").path("/api/v1/letters").path("get").path("security").isMissingNode()).isTrue();
        assertThat(doc.path("security").get(0).has("bearer")).isTrue();
    }

    private static List<String> names(JsonNode parameters) {
        List<String> names = new ArrayList<>();
        parameters.forEach(parameter -> names.add(parameter.path("name").asString()));
        return names;
    }
}
