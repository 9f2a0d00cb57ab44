package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.util.concurrent.EventExecutor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

class EventLoopPoolsTests {

    final LoopResources loops = LoopResources.create("pools-test", 2, true);
    final Set<Integer> connectionsSeen = ConcurrentHashMap.newKeySet();
    final DisposableServer service = HttpServer.create().host("127.0.0.1").port(0)
            .handle((request, response) -> {
                connectionsSeen.add(request.remoteAddress().getPort());
                return response.sendString(Mono.just("ok").delayElement(Duration.ofMillis(20)));
            })
            .bindNow();

    /** Four connections in all for two event loops. */
    final EventLoopPools pools = new EventLoopPools(pool(4), 2);

    @AfterEach
    void stop() {
        pools.dispose();
        service.disposeNow();
        loops.dispose();
    }

    @Test
    void theConfiguredLimitIsSharedOutSoTheTotalStaysTheSame() {
        var tenForFourLoops = new EventLoopPools(pool(10), 4);
        var fewerConnectionsThanLoops = new EventLoopPools(pool(3), 4);

        assertThat(tenForFourLoops.poolCount()).isEqualTo(4);
        assertThat(tenForFourLoops.maxConnections()).isEqualTo(10);
        assertThat(fewerConnectionsThanLoops.poolCount()).as("no pool without a connection").isEqualTo(3);
        tenForFourLoops.dispose();
        fewerConnectionsThanLoops.dispose();
    }

    @Test
    void aRequestIsSentOnAConnectionOfTheEventLoopThatAsks() {
        HttpClient client = HttpClient.create(pools).runOn(loops, false).baseUrl("http://127.0.0.1:" + service.port());
        List<EventExecutor> eventLoops = new ArrayList<>();
        loops.onClient(false).forEach(eventLoops::add);

        for (EventExecutor loop : eventLoops) {
            for (int request = 0; request < 3; request++) {
                assertThat(threadAnsweringRequestFrom(loop, client)).isSameAs(threadOf(loop));
            }
        }
        assertThat(connectionsSeen).as("one connection per loop, kept between requests").hasSize(eventLoops.size());
    }

    @Test
    void aBurstFromEveryLoopOpensNoMoreConnectionsThanConfigured() {
        HttpClient client = HttpClient.create(pools).runOn(loops, false).baseUrl("http://127.0.0.1:" + service.port());
        List<EventExecutor> eventLoops = new ArrayList<>();
        loops.onClient(false).forEach(eventLoops::add);

        List<Thread> answeredOn = Flux.range(0, 40)
                .flatMap(i -> {
                    EventExecutor loop = eventLoops.get(i % eventLoops.size());
                    return Mono.fromSupplier(() -> threadOf(loop))
                            .zipWith(Mono.defer(() -> answeringThread(loop, client)))
                            .filter(asker -> asker.getT1() == asker.getT2())
                            .map(asker -> asker.getT1());
                })
                .collectList()
                .block(Duration.ofSeconds(10));

        assertThat(answeredOn).as("answered on a connection of the loop that asked").hasSize(40);
        assertThat(connectionsSeen).hasSizeLessThanOrEqualTo(4);
    }

    private static ConnectionProvider pool(int maxConnections) {
        // as Spring Cloud Gateway builds a fixed pool: waits for a connection are not limited in number
        return ConnectionProvider.builder("proxy").maxConnections(maxConnections).pendingAcquireMaxCount(-1).build();
    }

    private static Thread threadAnsweringRequestFrom(EventExecutor loop, HttpClient client) {
        return answeringThread(loop, client).block(Duration.ofSeconds(5));
    }

    /** The thread that reads the answer to a request sent from this event loop. */
    private static Mono<Thread> answeringThread(EventExecutor loop, HttpClient client) {
        Sinks.One<Thread> answered = Sinks.one();
        loop.execute(() -> client.get().uri("/")
                .responseSingle((response, body) -> body.asString().map(ok -> Thread.currentThread()))
                .subscribe(answered::tryEmitValue, answered::tryEmitError));
        return answered.asMono();
    }

    private static Thread threadOf(EventExecutor loop) {
        Sinks.One<Thread> thread = Sinks.one();
        loop.execute(() -> thread.tryEmitValue(Thread.currentThread()));
        return thread.asMono().block(Duration.ofSeconds(5));
    }
}
