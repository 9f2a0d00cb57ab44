package dev.kongjian.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

class EmbeddedMongoPersistenceIntegrationTests {

    @TempDir
    Path directory;

    @Test
    void dataOnDiskSurvivesARestart() {
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

    @Test
    void indexesAnswerAndStayUniqueAcrossRestartsAndChanges() {
        Path file = directory.resolve("mongo.mv");
        try (var first = EmbeddedInfrastructure.mongo(0, file); var client = MongoClients.create(first.endpoint())) {
            MongoCollection<Document> accounts = client.getDatabase("kongjian-users").getCollection("accounts");
            accounts.createIndex(Indexes.ascending("username"), new IndexOptions().unique(true));
            for (int i = 0; i < 50; i++) {
                accounts.insertOne(new Document("_id", "u" + i).append("username", "name" + i));
            }
            accounts.updateOne(Filters.eq("_id", "u7"), Updates.set("username", "renamed"));
            accounts.deleteOne(Filters.eq("_id", "u8"));
        }

        try (var second = EmbeddedInfrastructure.mongo(0, file); var client = MongoClients.create(second.endpoint())) {
            MongoCollection<Document> accounts = client.getDatabase("kongjian-users").getCollection("accounts");
            assertThat(ids(accounts.find(Filters.in("_id", "u1", "u8", "u49", "nobody")))).containsExactlyInAnyOrder(
                    "u1", "u49");
            assertThat(accounts.find(Filters.eq("username", "renamed")).first()).containsEntry("_id", "u7");
            assertThat(accounts.find(Filters.eq("username", "name7")).first()).isNull();
            assertThatThrownBy(() -> accounts.insertOne(new Document("_id", "u1").append("username", "other")))
                    .isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> accounts.insertOne(new Document("_id", "u99").append("username", "name3")))
                    .isInstanceOf(MongoWriteException.class);
            accounts.insertOne(new Document("_id", "u8").append("username", "name8"));
            assertThat(accounts.countDocuments()).isEqualTo(50);
        }
    }

    @Test
    void aStoreWrittenByTheStockBackendOpensWithItsIndexesRebuilt() {
        Path file = directory.resolve("stock.mv");
        H2Backend stock = new H2Backend(file.toString());
        MongoServer server = new MongoServer(stock);
        InetSocketAddress address = server.bind();
        try (var client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> posts = client.getDatabase("kongjian-feed").getCollection("posts");
            posts.createIndex(Indexes.ascending("slug"), new IndexOptions().unique(true));
            posts.insertOne(new Document("_id", "p1").append("slug", "hello"));
        } finally {
            server.shutdownNow();
            stock.close();
        }

        try (var reopened = EmbeddedInfrastructure.mongo(0, file);
                var client = MongoClients.create(reopened.endpoint())) {
            MongoCollection<Document> posts = client.getDatabase("kongjian-feed").getCollection("posts");
            assertThat(posts.find(Filters.eq("_id", "p1")).first()).containsEntry("slug", "hello");
            assertThatThrownBy(() -> posts.insertOne(new Document("_id", "p2").append("slug", "hello")))
                    .isInstanceOf(MongoWriteException.class);
        }
        MVStore store = MVStore.open(file.toString());
        try {
            assertThat(store.getMapNames()).noneMatch(name -> name.contains("._index_"));
        } finally {
            store.close();
        }
    }

    private static List<String> ids(Iterable<Document> documents) {
        List<String> ids = new ArrayList<>();
        documents.forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }
}
