package dev.kongjian.media.people;

import java.time.Clock;
import java.util.Date;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.MallEvent;
import dev.kongjian.kit.users.SocialReplica;

/**
 * media-service's replica of what it needs of other services: who exists, friendships and blocks
 * (for albums' visibility), from {@code user.events} (see {@link SocialReplica}), and VIP membership
 * (larger uploads), from {@code mall.events}.
 */
@Service
public class People extends SocialReplica {

    private final Clock clock;

    People(MongoTemplate mongo, Clock clock) {
        super(mongo);
        this.clock = clock;
    }

    void apply(MallEvent.VipGranted granted) {
        mongo.getCollection(PEOPLE).updateOne(Filters.eq("_id", granted.userId()),
                Updates.max("vipUntil", Date.from(granted.expiresAt())), new UpdateOptions().upsert(true));
    }

    public boolean isVip(String userId) {
        Document person = mongo.getCollection(PEOPLE).find(Filters.eq("_id", userId)).first();
        Date until = person == null ? null : person.getDate("vipUntil");
        return until != null && until.toInstant().isAfter(clock.instant());
    }
}
