package dev.kongjian.gateway;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** Where a circuit breaker sends a request whose service is down, slow or failing. */
@RestController
class FallbackController {

    static final String RETRY_AFTER_SECONDS = "5";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FallbackController.class);
    private final java.util.concurrent.atomic.AtomicLong lastLogged = new java.util.concurrent.atomic.AtomicLong();

    @RequestMapping("/fallback/{service}")
    Mono<Void> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        Throwable cause = exchange.getAttribute(
                org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        long now = System.nanoTime();
        long last = lastLogged.get();
        // at most one line a second: an open circuit answers thousands of requests
        if (now - last > 1_000_000_000L && lastLogged.compareAndSet(last, now)) {
            log.warn("{} unavailable for {}: {}", service, exchange.getRequest().getPath(),
                    cause == null ? "circuit open" : cause.toString());
        }
        exchange.getResponse().getHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        return Problems.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                "The " + service + " is unavailable or too slow right now; try again shortly");
    }
}
