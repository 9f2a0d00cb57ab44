package dev.kongjian.user.account;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;

/**
 * What a list of people shows of each (friends, requests, blocks, visitors): the name and the
 * avatar, read with the list so that the app needs no call per row.
 */
@Component
public class PersonCards {

    private final MongoTemplate mongo;

    PersonCards(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A person as a list shows them; only the id when the account is gone. */
    public record PersonCard(String username, String displayName, String avatarMediaId) {

        static final PersonCard UNKNOWN = new PersonCard(null, null, null);
    }

    /** Looked up by {@code _id} alone, which every MongoDB answers from its primary index. */
    public PersonCard of(String userId) {
        Document account = mongo.getCollection(Accounts.COLLECTION).find(Filters.eq("_id", userId))
                .projection(new Document("username", 1).append("displayName", 1).append("avatarMediaId", 1)).first();
        return account == null ? PersonCard.UNKNOWN : new PersonCard(account.getString("username"),
                account.getString("displayName"), account.getString("avatarMediaId"));
    }
}
