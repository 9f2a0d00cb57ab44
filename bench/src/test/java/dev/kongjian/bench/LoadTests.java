package dev.kongjian.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class LoadTests {

    HttpServer server;
    URI uri;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fixedRateSendsTheRateAskedFor() {
        var result = new Load().fixedRate("ok", uri.resolve("/ok"), "t", 200, Duration.ofSeconds(2));

        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(400);
        assertThat(result.errors()).isZero();
    }

    @Test
    void latencyCountsFromWhenTheRequestWasDue() {
        var result = new Load().fixedRate("slow", uri.resolve("/slow"), "t", 50, Duration.ofSeconds(1));

        assertThat(result.p50Millis()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void closedLoopCountsErrors() {
        var result = new Load().closedLoop("missing", uri.resolve("/missing"), "t", 2, Duration.ofMillis(300));

        assertThat(result.throughput()).isPositive();
        assertThat(result.errors()).isEqualTo(result.latencyMicros().getTotalCount());
    }

    @Test
    void aPlateauIsThreeTurnsWithoutARiseOfMoreThanFivePercent() {
        var plateau = new Load.Plateau(1);
        plateau.add(100);
        plateau.add(104);
        plateau.add(90);
        assertThat(plateau.reached()).isFalse();
        plateau.add(105);

        assertThat(plateau.reached()).isTrue();
    }

    @Test
    void aRiseStartsTheCountAgain() {
        var plateau = new Load.Plateau(1);
        plateau.add(100);
        plateau.add(100);
        plateau.add(106);
        plateau.add(106);
        plateau.add(106);

        assertThat(plateau.reached()).isFalse();
    }

    @Test
    void everyEndpointMustHaveStoppedRising() {
        var plateau = new Load.Plateau(2);
        plateau.add(100, 100);
        plateau.add(100, 110);
        plateau.add(100, 100);
        plateau.add(100, 120);
        plateau.add(100, 120);
        plateau.add(100, 120);
        assertThat(plateau.reached()).isFalse();
        plateau.add(100, 120);

        assertThat(plateau.reached()).isTrue();
    }
}
