package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class GatewaySecurityTests {

    @Test
    void signUpSignInRefreshKeysHealthAndMetricsAreOpen() {
        for (String path : new String[] { "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
                "/.well-known/jwks.json", "/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
                "/actuator/info", "/fallback/feed-service" }) {
            assertThat(isOpen(path)).as(path).isTrue();
        }
    }

    @Test
    void everythingElseNeedsAToken() {
        for (String path : new String[] { "/api/v1/auth/registered", "/api/v1/auth/login/x", "/api/v1/users/me",
                "/api/v1/feed/home", "/actuator/env", "/actuator/healthz", "/actuator", "/ws", "/",
                "/API/v1/auth/login" }) {
            assertThat(isOpen(path)).as(path).isFalse();
        }
    }

    private static boolean isOpen(String path) {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
        return GatewaySecurity.isOpen(exchange).block().isMatch();
    }
}
