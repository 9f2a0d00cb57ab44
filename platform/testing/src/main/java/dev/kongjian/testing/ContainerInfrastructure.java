package dev.kongjian.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/** The production images through Testcontainers, for machines with a Docker engine. */
final class ContainerInfrastructure {

    private ContainerInfrastructure() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static EmbeddedInfrastructure.Running<String> mongo() {
        var container = new MongoDBContainer("mongo:7.0");
        container.start();
        return new EmbeddedInfrastructure.Running<>(container.getConnectionString(), container::stop);
    }

    static EmbeddedInfrastructure.Running<String> kafka() {
        var container = new KafkaContainer("apache/kafka:4.1.2");
        container.start();
        return new EmbeddedInfrastructure.Running<>(container.getBootstrapServers(), container::stop);
    }

    static EmbeddedInfrastructure.Running<String> redis() {
        GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        container.start();
        return new EmbeddedInfrastructure.Running<>(
                "redis://" + container.getHost() + ":" + container.getMappedPort(6379), container::stop);
    }
}
