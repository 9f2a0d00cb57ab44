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

    @RequestMapping("/fallback/{service}")
    Mono<Void> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        return Problems.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                "The " + service + " is unavailable or too slow right now; try again shortly");
    }
}
