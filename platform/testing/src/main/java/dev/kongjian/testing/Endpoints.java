package dev.kongjian.testing;

/** Where the three servers answer: a MongoDB connection string, Kafka bootstrap servers, a Redis URL. */
public record Endpoints(String mongoUri, String kafkaBootstrapServers, String redisUrl) {
}
