package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class InFlightLimitTests {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final InFlightLimit limit = new InFlightLimit(new GatewayProperties(RateLimitTests.LIMITS, 2), meters);
    /** The requests the chain is working on: each completes when its sink does. */
    final List<Sinks.Empty<Void>> working = new ArrayList<>();

    @Test
    void pastTheLimitARequestIs503WithRetryAfterAtOnceUntilOneFinishes() {
        send("/api/v1/feed/home");
        send("/api/v1/posts/p1");

        var refused = send("/api/v1/feed/home");

        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(refused.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(refused.getResponse().getBodyAsString().block()).contains("\"status\":503");
        assertThat(working).hasSize(2);
        assertThat(meters.get("kongjian.http.requests.refused").counter().count()).isEqualTo(1);
        assertThat(meters.get("kongjian.http.requests.in.progress").gauge().value()).isEqualTo(2);

        working.getFirst().tryEmitEmpty();
        assertThat(send("/api/v1/feed/home").getResponse().getStatusCode()).isNull();
        assertThat(working).hasSize(3);
    }

    @Test
    void aRequestItsClientGaveUpOnFreesItsPlace() {
        Disposable abandoned = sendAndKeep("/api/v1/feed/home");
        send("/api/v1/feed/home");

        abandoned.dispose();

        assertThat(send("/api/v1/feed/home").getResponse().getStatusCode()).isNull();
        assertThat(working).hasSize(3);
    }

    @Test
    void healthMetricsAndWebSocketsAreNeverHeldBack() {
        send("/api/v1/feed/home");
        send("/api/v1/feed/home");

        send("/actuator/health");
        send("/actuator/prometheus");
        var webSocket = MockServerWebExchange.from(MockServerHttpRequest.get("/ws").header("Upgrade", "WebSocket"));
        limit.filter(webSocket, this::work).subscribe();

        assertThat(working).hasSize(5);
        assertThat(meters.get("kongjian.http.requests.refused").counter().count()).isZero();
    }

    private MockServerWebExchange send(String path) {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
        limit.filter(exchange, this::work).subscribe();
        return exchange;
    }

    private Disposable sendAndKeep(String path) {
        return limit.filter(MockServerWebExchange.from(MockServerHttpRequest.get(path)), this::work).subscribe();
    }

    private Mono<Void> work(org.springframework.web.server.ServerWebExchange exchange) {
        Sinks.Empty<Void> done = Sinks.empty();
        working.add(done);
        return done.asMono();
    }
}
