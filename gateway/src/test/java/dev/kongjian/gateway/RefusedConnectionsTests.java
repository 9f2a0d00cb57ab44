package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import io.netty.channel.ConnectTimeoutException;
import reactor.core.publisher.Mono;

class RefusedConnectionsTests {

    final RefusingInstances refusing = new RefusingInstances(Duration.ofMinutes(1));
    final RefusedConnections filter = new RefusedConnections(refusing);
    final ServiceInstance dead = new DefaultServiceInstance("feed-2", "feed-service", "10.0.0.2", 8080, false);
    final ServiceInstance alive = new DefaultServiceInstance("feed-1", "feed-service", "10.0.0.1", 8080, false);

    @Test
    void aReadRefusedByOneInstanceIsRoutedAgainAsNew() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/feed/home"));
        var chain = new Instances(1, new ConnectException("Connection refused"));

        filter.filter(exchange, chain).block();

        assertThat(chain.routed.get()).isEqualTo(2);
        assertThat(chain.routedAlreadyAtSecondAttempt).isFalse();
    }

    @Test
    void theInstanceThatRefusedIsLeftOutFromThenOnWhateverTheMethod() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/posts").body("{}"));
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR,
                new DefaultResponse(dead));

        assertThatThrownBy(() -> filter.filter(exchange, new Instances(1, new ConnectException("refused"))).block())
                .hasRootCauseInstanceOf(ConnectException.class);

        assertThat(refusing.without(List.of(alive, dead))).containsExactly(alive);
    }

    @Test
    void aReadIsSentAtMostThreeTimes() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.head("/api/v1/media/m1/content"));
        var chain = new Instances(10, new ConnectException("Connection refused"));

        assertThatThrownBy(() -> filter.filter(exchange, chain).block()).hasRootCauseInstanceOf(ConnectException.class);
        assertThat(chain.routed.get()).isEqualTo(RefusedConnections.ATTEMPTS);
    }

    @Test
    void aWriteIsNeverSentAgain() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/posts")
                .body("{\"text\":\"hi\"}"));
        var chain = new Instances(1, new ConnectException("Connection refused"));

        assertThatThrownBy(() -> filter.filter(exchange, chain).block()).hasRootCauseInstanceOf(ConnectException.class);
        assertThat(chain.routed.get()).isEqualTo(1);
    }

    @Test
    void anAddressThatDoesNotAnswerIsNotTriedAgainAtTheCostOfAnotherTimeout() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/feed/home"));
        var chain = new Instances(1, new ConnectTimeoutException("connection timed out"));

        assertThatThrownBy(() -> filter.filter(exchange, chain).block())
                .hasRootCauseInstanceOf(ConnectTimeoutException.class);
        assertThat(chain.routed.get()).isEqualTo(1);
    }

    @Test
    void otherFailuresAreNotRetried() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/feed/home"));
        var chain = new Instances(1, new IllegalStateException("the answer broke off"));

        assertThatThrownBy(() -> filter.filter(exchange, chain).block()).isInstanceOf(IllegalStateException.class);
        assertThat(chain.routed.get()).isEqualTo(1);
    }

    @Test
    void itRunsBeforeTheRequestIsRoutedToAnInstance() {
        assertThat(filter.getOrder()).isLessThan(RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER)
                .isGreaterThan(new RateLimit(null, null).getOrder());
    }

    /** The rest of the chain: the first {@code failures} attempts fail to connect, as NettyRoutingFilter would. */
    static final class Instances implements GatewayFilterChain {

        final AtomicInteger routed = new AtomicInteger();
        final int failures;
        final Throwable failure;
        volatile boolean routedAlreadyAtSecondAttempt;

        Instances(int failures, Throwable failure) {
            this.failures = failures;
            this.failure = failure;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            return Mono.defer(() -> {
                int attempt = routed.incrementAndGet();
                if (attempt == 2) {
                    routedAlreadyAtSecondAttempt = ServerWebExchangeUtils.isAlreadyRouted(exchange);
                }
                ServerWebExchangeUtils.setAlreadyRouted(exchange);
                return attempt <= failures ? Mono.error(failure) : Mono.empty();
            });
        }
    }
}
