package dev.kongjian.messaging.contacts;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import dev.kongjian.kit.users.SocialReplica;

/**
 * messaging-service's replica of who exists, who are friends and who blocked whom, fed by
 * {@code user.events}: a direct chat needs a friendship, and nobody hears from someone they
 * blocked. No call to user-service.
 */
@Service
public class Contacts extends SocialReplica {

    Contacts(MongoTemplate mongo) {
        super(mongo);
    }
}
