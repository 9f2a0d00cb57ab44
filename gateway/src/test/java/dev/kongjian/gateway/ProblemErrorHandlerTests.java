package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

class ProblemErrorHandlerTests {

    private final ProblemErrorHandler handler = new ProblemErrorHandler();

    @Test
    void aServiceThatRefusesTheConnectionIs503WithRetryAfter() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/media"));

        handler.handle(exchange, new IllegalStateException("proxying failed",
                new ConnectException("Connection refused: localhost/127.0.0.1:8084"))).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isNotBlank();
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("service-unavailable")
                .doesNotContain("8084");
    }

    @Test
    void aTimeoutIs503AndAnythingUnexpected500WithoutItsDetails() {
        var timedOut = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/media/m1"));
        var failed = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/media/m1"));

        handler.handle(timedOut, new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT)).block();
        handler.handle(failed, new IllegalStateException("secret internals")).block();

        assertThat(timedOut.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(failed.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(failed.getResponse().getBodyAsString().block()).doesNotContain("secret");
    }
}
