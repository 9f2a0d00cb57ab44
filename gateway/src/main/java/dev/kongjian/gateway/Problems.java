package dev.kongjian.gateway;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes RFC 9457 problem documents straight to a response, for answers no controller gives. */
final class Problems {

    static final String TYPE_BASE = "https://kongjian.dev/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    static ProblemDetail of(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        return problem;
    }

    static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String type, String detail) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = JSON.writeValueAsBytes(of(status, type, detail));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
