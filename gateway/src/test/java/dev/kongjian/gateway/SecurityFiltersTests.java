package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

class SecurityFiltersTests {

    final List<String> ran = new CopyOnWriteArrayList<>();
    final ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/feed/home"));
    final WebFilterChain rest = exchange -> Mono.fromRunnable(() -> ran.add("rest"));

    @Test
    void theFiltersRunInTheirOrderAndThenTheRestOfTheGateway() {
        WebFilterChain chain = new SecurityFilters().decorate(rest, List.of(passing("first"), passing("second")));

        chain.filter(exchange).block();

        assertThat(ran).containsExactly("first", "second", "rest");
    }

    @Test
    void aFilterThatAnswersItselfStopsTheChain() {
        WebFilter refusing = (exchange, next) -> Mono.fromRunnable(() -> ran.add("refused"));
        WebFilterChain chain = new SecurityFilters().decorate(rest, List.of(passing("first"), refusing, passing("third")));

        chain.filter(exchange).block();

        assertThat(ran).containsExactly("first", "refused");
    }

    @Test
    void nothingRunsBeforeTheRequestIsSubscribed() {
        WebFilter eager = (exchange, next) -> {
            ran.add("called");
            return next.filter(exchange);
        };
        Mono<Void> request = new SecurityFilters().decorate(rest, List.of(eager)).filter(exchange);

        assertThat(ran).isEmpty();
        request.block();
        assertThat(ran).containsExactly("called", "rest");
    }

    @Test
    void withoutFiltersTheRequestGoesStraightOn() {
        new SecurityFilters().decorate(rest).filter(exchange).block();

        assertThat(ran).containsExactly("rest");
    }

    @Test
    void anErrorOfAFilterReachesTheCaller() {
        WebFilter failing = (exchange, next) -> Mono.error(new IllegalStateException("broken"));
        WebFilterChain chain = new SecurityFilters().decorate(rest, List.of(failing, passing("second")));

        assertThatIllegalStateException().isThrownBy(() -> chain.filter(exchange).block()).withMessage("broken");

        assertThat(ran).isEmpty();
    }

    private WebFilter passing(String name) {
        return (exchange, next) -> Mono.fromRunnable(() -> ran.add(name)).then(next.filter(exchange));
    }
}
