package dev.kongjian.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for a Kongjian service: answers every path with its own name, the path and the
 * headers it received and the gateway's end of the connection it came on ({@code connection}, a
 * port); {@code /busy} answers after 0.4 s, {@code /slow} after 3 s, any path with
 * {@code ?delayMillis=n} after n ms; it can serve a JWKS document.
 */
final class StubService implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final AtomicInteger inProgress = new AtomicInteger();

    StubService(String name, String jwks) {
        try {
            // room for a burst of new connections at once (the default backlog is 50)
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            inProgress.incrementAndGet();
            try {
                answer(exchange, name, jwks);
            } finally {
                inProgress.decrementAndGet();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Requests it is answering right now. */
    int inProgress() {
        return inProgress.get();
    }

    private static void answer(HttpExchange exchange, String name, String jwks) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        if (path.equals("/.well-known/jwks.json") && jwks != null) {
            body = jwks.getBytes(StandardCharsets.UTF_8);
        } else {
            String query = exchange.getRequestURI().getQuery();
            if (path.endsWith("/busy")) {
                sleep(400);
            } else if (path.endsWith("/slow")) {
                sleep(3_000);
            } else if (query != null && query.startsWith("delayMillis=")) {
                sleep(Long.parseLong(query.substring("delayMillis=".length())));
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((key, values) -> headers.put(key.toLowerCase(), values.getFirst()));
            body = JSON.writeValueAsBytes(Map.of("service", name, "path", path, "headers", headers,
                    "connection", exchange.getRemoteAddress().getPort()));
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
