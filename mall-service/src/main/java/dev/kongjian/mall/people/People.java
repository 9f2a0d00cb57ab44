package dev.kongjian.mall.people;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.UserEvent;

/**
 * Who exists, as user-service's events tell it: enough to refuse a gift to nobody without calling
 * user-service. An upsert per registration, so a redelivered event changes nothing.
 */
@Service
public class People {

    static final String PEOPLE = "people";

    private final MongoTemplate mongo;

    People(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void registered(UserEvent.UserRegistered registered) {
        mongo.getCollection(PEOPLE).updateOne(Filters.eq("_id", registered.userId()),
                Updates.setOnInsert("username", registered.username()), new UpdateOptions().upsert(true));
    }

    public boolean exists(String userId) {
        return mongo.getCollection(PEOPLE).find(Filters.eq("_id", userId)).projection(new Document("_id", 1))
                .first() != null;
    }
}
