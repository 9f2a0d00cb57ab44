package dev.kongjian.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Every error the gateway itself raises (no route, method not allowed, a service it cannot
 * reach) becomes problem+json; nothing of the exception reaches the client.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (error instanceof reactor.netty.channel.AbortedException) {
            // the client went away mid-request: there is nobody left to answer
            return Mono.empty();
        }
        HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
        if (unreachable(error)) {
            // a route without a fallback (media uploads): its service is down
            status = HttpStatus.SERVICE_UNAVAILABLE;
        } else if (error instanceof ResponseStatusException statusException) {
            HttpStatus resolved = HttpStatus.resolve(statusException.getStatusCode().value());
            status = resolved == null ? HttpStatus.INTERNAL_SERVER_ERROR : resolved;
        }
        return switch (status) {
            case NOT_FOUND -> Problems.write(exchange.getResponse(), status, "not-found",
                    "There is nothing at this path");
            case METHOD_NOT_ALLOWED -> Problems.write(exchange.getResponse(), status, "method-not-allowed",
                    "This path does not accept that method");
            case SERVICE_UNAVAILABLE, GATEWAY_TIMEOUT, BAD_GATEWAY -> {
                exchange.getResponse().getHeaders().set("Retry-After", FallbackController.RETRY_AFTER_SECONDS);
                yield Problems.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                        "The service is unavailable; try again shortly");
            }
            default -> {
                if (status.is5xxServerError()) {
                    log.error("Gateway error on {} {}", exchange.getRequest().getMethod(),
                            exchange.getRequest().getPath(), error);
                    yield Problems.write(exchange.getResponse(), HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                            "The gateway could not answer this request");
                }
                yield Problems.write(exchange.getResponse(), status, "client-error", status.getReasonPhrase());
            }
        };
    }

    private static boolean unreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
