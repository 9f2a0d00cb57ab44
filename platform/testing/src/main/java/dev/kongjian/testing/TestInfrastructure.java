package dev.kongjian.testing;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import com.mongodb.ConnectionString;

/**
 * Import this into a test's context to connect it to the shared infrastructure of the run,
 * wherever it comes from: the test class is the same with Docker, without it, or against
 * external servers.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestInfrastructure {

    @Bean
    MongoConnectionDetails mongoConnectionDetails() {
        ConnectionString connectionString = new ConnectionString(SharedInfrastructure.mongoUri());
        return () -> connectionString;
    }

    @Bean
    KafkaConnectionDetails kafkaConnectionDetails() {
        List<String> servers = Arrays.asList(SharedInfrastructure.kafkaBootstrapServers().split(","));
        return () -> servers;
    }

    @Bean
    DataRedisConnectionDetails redisConnectionDetails() {
        URI uri = URI.create(SharedInfrastructure.redisUrl());
        return new DataRedisConnectionDetails() {
            @Override
            public Standalone getStandalone() {
                return Standalone.of(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort());
            }
        };
    }
}
