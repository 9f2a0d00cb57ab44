package dev.kongjian.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClients;

class EmbeddedMongoPersistenceIntegrationTests {

    @Test
    void dataOnDiskSurvivesARestart(@TempDir Path directory) {
        Path file = directory.resolve("data").resolve("mongo.mv");
        try (var first = EmbeddedInfrastructure.mongo(0, file); var client = MongoClients.create(first.endpoint())) {
            client.getDatabase("kongjian-users").getCollection("accounts")
                    .insertOne(new Document("_id", "u1").append("username", "mei"));
        }

        try (var second = EmbeddedInfrastructure.mongo(0, file); var client = MongoClients.create(second.endpoint())) {
            assertThat(client.getDatabase("kongjian-users").getCollection("accounts").find(new Document("_id", "u1"))
                    .first()).containsEntry("username", "mei");
        }
    }
}
