package dev.kongjian.gateway;

import java.net.ConnectException;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;

import io.netty.channel.ConnectTimeoutException;
import reactor.core.publisher.Mono;

/**
 * When an instance refuses the connection (it crashed, and discovery lists it until its lease
 * expires: 15 s, and the gateways' caches about 10 s more), the load balancer leaves it out from
 * then on ({@link RefusingInstances}), and a GET or HEAD is routed again, up to {@value #ATTEMPTS}
 * attempts: it reached no service, so nothing ran twice. With one of two feed-service instances
 * killed under reads, 1,158 of 1,829 were answered 503 over 37 s before (the refusals opened the
 * breaker, and the surviving instance's share failed too).
 * <p>
 * Runs inside the breaker (route filters come first), which so sees only the last attempt, and
 * before the load balancer, which picks again. Other methods are not sent again: their bodies would
 * have to be held for it, which is also why Spring Cloud Gateway's Retry filter is not used (it
 * turns on body caching for its whole route, uploads included). A connect timeout leaves the
 * instance out too, but is not retried: each attempt would cost the whole timeout.
 */
class RefusedConnections implements GlobalFilter, Ordered {

    static final int ATTEMPTS = 3;

    private final RefusingInstances refusing;

    RefusedConnections(RefusingInstances refusing) {
        this.refusing = refusing;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        return attempt(exchange, chain, read ? 1 : ATTEMPTS);
    }

    private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, int attempt) {
        return chain.filter(exchange).onErrorResume(RefusedConnections::connectionFailed, failure -> {
            Response<ServiceInstance> chosen = exchange
                    .getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
            if (chosen != null && chosen.hasServer()) {
                refusing.refused(chosen.getServer());
            }
            if (attempt == ATTEMPTS || isTimeout(failure)) {
                return Mono.error(failure);
            }
            // the routing filters run again: the load balancer picks an instance that answers
            ServerWebExchangeUtils.reset(exchange);
            return attempt(exchange, chain, attempt + 1);
        });
    }

    private static boolean connectionFailed(Throwable error) {
        return cause(error, ConnectException.class);
    }

    private static boolean isTimeout(Throwable error) {
        return cause(error, ConnectTimeoutException.class);
    }

    private static boolean cause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER - 1;
    }
}
