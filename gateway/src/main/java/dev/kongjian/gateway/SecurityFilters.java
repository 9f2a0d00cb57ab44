package dev.kongjian.gateway;

import java.util.List;

import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Runs Spring Security's filters one after the other, each when the one before it goes on, and
 * then the rest of the gateway. WebFlux's own chain, which Spring Security uses by default, also
 * puts a Reactor checkpoint after every filter, described by the filter's {@code toString()}: a
 * string, a snapshot and one more operator that every signal of the request passes through, for
 * each of its filters, on every request. Those checkpoints only name the filter in the stack
 * trace of an error, and the gateway turns every error into a problem document. Without them a
 * proxied request allocates 6-7% less: 108-109 KB → 102 KB for a home-feed page, 100 → 94 KB
 * for the JWKS document (measured on the running stack, 50 clients).
 */
final class SecurityFilters implements WebFilterChainProxy.WebFilterChainDecorator {

    @Override
    public WebFilterChain decorate(WebFilterChain original, List<WebFilter> filters) {
        return new Link(filters, 0, original);
    }

    private record Link(List<WebFilter> filters, int index, WebFilterChain rest) implements WebFilterChain {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            return Mono.defer(() -> index < filters.size()
                    ? filters.get(index).filter(exchange, new Link(filters, index + 1, rest))
                    : rest.filter(exchange));
        }
    }
}
