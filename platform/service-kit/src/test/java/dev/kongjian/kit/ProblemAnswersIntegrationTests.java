package dev.kongjian.kit;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.ObservedNames;
import dev.kongjian.testing.TestInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ TestInfrastructure.class, TestTokens.class })
class ProblemAnswersIntegrationTests {

    @TestConfiguration
    static class Observations {

        @Bean
        ObservedNames observedNames() {
            return new ObservedNames();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ObservedNames observed;

    HttpTestClient http;
    String token;

    @BeforeEach
    void setUp() {
        http = new HttpTestClient("http://localhost:" + port);
        token = TestTokens.token("user-1");
    }

    @Test
    void missingTokenIs401ProblemJson() {
        var answer = http.send("GET", "/api/v1/letters", null, null);

        assertProblem(answer, 401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void forgedExpiredOrMisaddressedTokensAre401() {
        Instant later = Instant.now().plusSeconds(600);
        assertProblem(http.send("GET", "/api/v1/letters", "garbage", null), 401);
        assertProblem(http.send("GET", "/api/v1/letters",
                TestTokens.sign(TestTokens.OTHER_KEY, "u", "kongjian", "kongjian-api", later), null), 401);
        assertProblem(http.send("GET", "/api/v1/letters",
                TestTokens.sign(TestTokens.KEY, "u", "kongjian", "kongjian-api", Instant.now().minusSeconds(600)), null), 401);
        assertProblem(http.send("GET", "/api/v1/letters",
                TestTokens.sign(TestTokens.KEY, "u", "someone-else", "kongjian-api", later), null), 401);
        assertProblem(http.send("GET", "/api/v1/letters",
                TestTokens.sign(TestTokens.KEY, "u", "kongjian", "another-api", later), null), 401);
    }

    @Test
    void adminPathsNeedTheAdminRole() {
        assertProblem(http.send("GET", "/api/v1/admin/anything", token, null), 403);
    }

    @Test
    void validationFailureNamesTheField() {
        var answer = http.send("POST", "/api/v1/notes", token, "{\"text\":\"\"}");

        assertProblem(answer, 400);
        assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo("text");
    }

    @Test
    void aValueOfTheWrongKindNamesItsFieldAndWhatItMustBe() {
        var badEnum = http.send("POST", "/api/v1/notes", token, "{\"text\":\"hi\",\"mood\":\"GLAD\"}");
        var badList = http.send("POST", "/api/v1/notes", token, "{\"text\":\"hi\",\"tags\":{\"a\":1}}");
        var badItem = http.send("POST", "/api/v1/notes", token, "{\"text\":\"hi\",\"tags\":[\"a\",[]]}");

        assertProblem(badEnum, 400);
        assertThat(badEnum.json().path("errors").get(0).path("field").asString()).isEqualTo("mood");
        assertThat(badEnum.json().path("errors").get(0).path("message").asString())
                .isEqualTo("must be one of CALM, CROSS");
        assertProblem(badList, 400);
        assertThat(badList.json().path("errors").get(0).path("field").asString()).isEqualTo("tags");
        assertThat(badList.json().path("errors").get(0).path("message").asString()).isEqualTo("must be a list");
        assertProblem(badItem, 400);
        assertThat(badItem.json().path("errors").get(0).path("field").asString()).isEqualTo("tags[1]");
    }

    @Test
    void aFractionWhereAWholeNumberBelongsIsRefusedNotRounded() {
        var fraction = http.send("POST", "/api/v1/notes", token, "{\"text\":\"hi\",\"stars\":1.5}");

        assertProblem(fraction, 400);
        assertThat(fraction.json().path("errors").get(0).path("field").asString()).isEqualTo("stars");
        assertProblem(http.send("POST", "/api/v1/notes", token, "{\"text\":\"hi\",\"stars\":1e400}"), 400);
        assertThat(http.send("POST", "/api/v1/notes", token, "{\"text\":\"hi\",\"stars\":2}").status()).isEqualTo(201);
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(http.send("POST", "/api/v1/notes", token, "{\"text\":"), 400);
        assertProblem(http.send("POST", "/api/v1/notes", token, "[1,2]"), 400);
    }

    @Test
    void typeMismatchAndMissingParameterAre400() {
        assertProblem(http.send("GET", "/api/v1/numbers/seven?unit=m", token, null), 400);
        assertProblem(http.send("GET", "/api/v1/numbers/7", token, null), 400);
        assertThat(http.send("GET", "/api/v1/numbers/7?unit=m", token, null).body()).isEqualTo("7");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        var nothing = http.send("GET", "/api/v1/nothing-here", token, null);
        assertProblem(nothing, 404);
        assertThat(nothing.json().path("detail").asString()).isEqualTo("There is nothing at this path");
        assertProblem(http.send("DELETE", "/api/v1/letters", token, null), 405);
    }

    @Test
    void oversizeBodyIs413() {
        String big = "{\"text\":\"" + "x".repeat(4096) + "\"}";

        assertProblem(http.send("POST", "/api/v1/notes", token, big), 413);
    }

    @Test
    void domainExceptionKeepsItsStatusAndType() {
        var answer = http.send("GET", "/api/v1/teapot", token, null);

        assertProblem(answer, 410);
        assertThat(answer.json().path("type").asString()).endsWith("/teapot");
    }

    @Test
    void unexpectedFailureIs500WithoutInternals() {
        var answer = http.send("GET", "/api/v1/boom", token, null);

        assertProblem(answer, 500);
        assertThat(answer.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException")
                .doesNotContain("at dev.kongjian");
        assertThat(answer.json().path("errorId").asString()).isNotBlank();
    }

    @Test
    void aStoreThatCannotAnswerIs503WithRetryAfterNot500() {
        for (String store : new String[] { "redis", "mongo", "timeout" }) {
            var answer = http.send("GET", "/api/v1/store-down/" + store, token, null);

            assertProblem(answer, 503);
            assertThat(answer.header("Retry-After")).as(store).isEqualTo("1");
            assertThat(answer.body()).as(store).doesNotContain("Redis").doesNotContain("idle object");
        }
    }

    @Test
    void pagesFollowTheCursorToTheEndAndCheckTheLimit() {
        var first = http.send("GET", "/api/v1/letters?limit=2", token, null).json();
        assertThat(first.path("items").toString()).isEqualTo("[\"a\",\"b\"]");
        var second = http.send("GET", "/api/v1/letters?limit=2&cursor=" + first.path("nextCursor").asString(), token,
                null).json();
        assertThat(second.path("items").toString()).isEqualTo("[\"c\",\"d\"]");
        var last = http.send("GET", "/api/v1/letters?limit=2&cursor=" + second.path("nextCursor").asString(), token,
                null).json();
        assertThat(last.path("items").toString()).isEqualTo("[\"e\"]");
        assertThat(last.has("nextCursor")).isTrue();
        assertThat(last.path("nextCursor").isNull()).isTrue();

        assertProblem(http.send("GET", "/api/v1/letters?limit=101", token, null), 400);
        assertProblem(http.send("GET", "/api/v1/letters?limit=0", token, null), 400);
        assertProblem(http.send("GET", "/api/v1/letters?limit=ten", token, null), 400);
        assertProblem(http.send("GET", "/api/v1/letters?cursor=%7B%22%24gt%22%3A1%7D", token, null), 400);
    }

    @Test
    void healthAndPrometheusNeedNoTokenAndAnswerWhoServed() {
        var health = http.send("GET", "/actuator/health/liveness", null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.header("X-Served-By")).startsWith("kit-test/");
        var metrics = http.send("GET", "/actuator/prometheus", null, null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"kit-test\"");
    }

    @Test
    void aRequestIsObservedOnceNotOncePerSecurityFilter() {
        assertThat(http.send("GET", "/api/v1/numbers/7?unit=m", token, null).status()).isEqualTo(200);

        assertThat(observed.names()).contains("http.server.requests")
                .noneMatch(name -> name.startsWith("spring.security"));
    }
}
