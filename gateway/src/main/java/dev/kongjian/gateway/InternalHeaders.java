package dev.kongjian.gateway;

import java.util.Locale;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Removes headers that only the platform may set, before anything else reads the request:
 * a client cannot claim an identity or a trace of its choosing inside the system.
 */
@Component
class InternalHeaders implements WebFilter, Ordered {

    static boolean isInternal(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("x-internal-") || lower.startsWith("x-kongjian-") || lower.equals("x-user-id")
                || lower.equals("x-served-by")
                // the gateway is the edge: it writes the forwarding headers itself, from the real peer
                || lower.startsWith("x-forwarded-") || lower.equals("forwarded") || lower.equals("x-real-ip");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        boolean any = exchange.getRequest().getHeaders().headerNames().stream().anyMatch(InternalHeaders::isInternal);
        if (!any) {
            return chain.filter(exchange);
        }
        ServerHttpRequest stripped = exchange.getRequest().mutate()
                .headers(headers -> headers.headerNames().removeIf(InternalHeaders::isInternal))
                .build();
        return chain.filter(exchange.mutate().request(stripped).build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
