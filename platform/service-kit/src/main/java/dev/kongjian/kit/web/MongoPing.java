package dev.kongjian.kit.web;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * MongoDB health by {@code ping}, which every server speaks (Boot's indicator sends
 * {@code hello}, which mongo-java-server does not know).
 */
public final class MongoPing implements HealthIndicator {

    private final MongoTemplate mongo;

    public MongoPing(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Health health() {
        try {
            Document answer = mongo.executeCommand(new Document("ping", 1));
            return answer.get("ok") instanceof Number ok && ok.doubleValue() == 1.0 ? Health.up().build()
                    : Health.down().build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
