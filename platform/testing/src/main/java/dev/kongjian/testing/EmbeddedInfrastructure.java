package dev.kongjian.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import redis.embedded.RedisServer;

/**
 * The three servers without Docker: a real Kafka broker in this JVM (KRaft), the real
 * {@code redis-server} binary that the embedded-redis jar ships (a child process), and
 * mongo-java-server speaking the MongoDB wire protocol (in memory, or on disk through H2).
 */
public final class EmbeddedInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private EmbeddedInfrastructure() {
    }

    /** Starts a broker on {@code port} (0: any free port) with the given topics created up front. */
    public static Running<String> kafka(int port, int partitions, Iterable<String> topics) {
        int actualPort = port == 0 ? freePort() : port;
        var broker = new EmbeddedKafkaKraftBroker(1, partitions).kafkaPorts(actualPort);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", Integer.toString(partitions),
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "4",
                "log.flush.interval.messages", "1"));
        broker.afterPropertiesSet();
        for (String topic : topics) {
            broker.addTopicsWithResults(new NewTopic(topic, partitions, (short) 1));
        }
        log.info("Embedded Kafka (KRaft) on {}", broker.getBrokersAsString());
        return new Running<>(broker.getBrokersAsString(), broker::destroy);
    }

    /** Starts {@code redis-server} on {@code port} (0: any free port), without persistence. */
    public static Running<String> redis(int port) {
        int actualPort = port == 0 ? freePort() : port;
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .port(actualPort)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory 256mb")
                    .onShutdownForceStop(true)
                    // keep reading its output: a full pipe would block redis-server on its next log line
                    .soutListener(line -> log.debug("redis-server: {}", line))
                    .serrListener(line -> log.warn("redis-server: {}", line))
                    .build();
            server.start();
            log.info("Embedded redis-server on port {}", actualPort);
            return new Running<>("redis://127.0.0.1:" + actualPort, () -> stopQuietly(server));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server", e);
        }
    }

    /**
     * Starts mongo-java-server on {@code port} (0: any free port); with a data file the data
     * survives a restart (H2 MVStore), without one it lives in memory.
     */
    public static Running<String> mongo(int port, Path dataFile) {
        MongoBackend backend;
        if (dataFile == null) {
            backend = new MemoryBackend();
        } else {
            createParent(dataFile);
            backend = new H2WithHeapIndexes(dataFile.toString());
        }
        MongoServer server = new MongoServer(backend);
        int actualPort = port == 0 ? freePort() : port;
        server.bind(new InetSocketAddress("127.0.0.1", actualPort));
        log.info("Embedded MongoDB (mongo-java-server, {}) on port {}", dataFile == null ? "memory" : dataFile,
                actualPort);
        return new Running<>("mongodb://127.0.0.1:" + actualPort, () -> {
            server.shutdownNow();
            backend.close();
        });
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createParent(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stopQuietly(RedisServer server) {
        try {
            server.stop();
        } catch (IOException e) {
            log.warn("redis-server did not stop cleanly: {}", e.getMessage());
        }
    }

    /** A started server: where it answers, and how to stop it. */
    public record Running<T>(T endpoint, Runnable stopper) implements AutoCloseable {

        @Override
        public void close() {
            stopper.run();
        }
    }
}
