package dev.kongjian.mall.loyalty;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.mall.MallProperties;
import dev.kongjian.mall.wallet.Wallets;

/**
 * Points for loyalty: a daily check-in (UTC days) that keeps a streak, and points for activity up
 * to a daily cap. Every award is a ledger entry named after what earned it (the day, the event),
 * so that a repeated check-in or a redelivered event is credited once.
 */
@Service
public class Loyalty {

    static final String STREAKS = "loyalty";
    static final String DAYS = "loyalty_days";

    record Status(long points, int level, int streakDays, long todayEarned) {
    }

    record CheckIn(int awarded, long points, int level, int streakDays, long todayEarned) {
    }

    private final MongoTemplate mongo;
    private final Wallets wallets;
    private final Clock clock;
    private final MallProperties properties;
    private final LoyaltyRules rules;

    Loyalty(MongoTemplate mongo, Wallets wallets, Clock clock, MallProperties properties) {
        this.mongo = mongo;
        this.wallets = wallets;
        this.clock = clock;
        this.properties = properties;
        this.rules = new LoyaltyRules(properties);
    }

    Status status(String userId) {
        LocalDate today = today();
        Document streak = mongo.getCollection(STREAKS).find(Filters.eq("_id", userId)).first();
        int streakDays = streak == null ? 0
                : LoyaltyRules.currentStreak(LocalDate.parse(streak.getString("lastCheckIn")),
                        streak.getInteger("streakDays", 0), today);
        return new Status(wallets.balance(userId).points(), LoyaltyRules.level(wallets.pointsEarned(userId)),
                streakDays, earnedOn(userId, today));
    }

    /**
     * Checks in for today: the points are credited first, under an entry named after the day, then
     * the streak moves with a conditional update on the day it last moved. Two check-ins at once
     * credit once and one of them is told it was too late; a crash between the two steps is
     * finished by the next attempt.
     */
    CheckIn checkIn(String userId) {
        LocalDate today = today();
        Document streak = mongo.getCollection(STREAKS).find(Filters.eq("_id", userId)).first();
        LocalDate last = streak == null ? null : LocalDate.parse(streak.getString("lastCheckIn"));
        if (today.equals(last)) {
            throw new AlreadyCheckedIn();
        }
        int streakDays = LoyaltyRules.streakAfterCheckIn(last, streak == null ? 0 : streak.getInteger("streakDays", 0),
                today);
        int award = rules.checkInAward(streakDays);
        wallets.move(userId, "check-in:" + userId + ":" + today, Wallets.Currency.POINTS, award,
                Wallets.Reason.CHECK_IN, today.toString());
        Bson moved = Updates.combine(Updates.set("lastCheckIn", today.toString()), Updates.set("streakDays", streakDays));
        boolean won;
        if (streak == null) {
            won = DuplicateKeys.insertedOnce(() -> mongo.getCollection(STREAKS).insertOne(
                    new Document("_id", userId).append("lastCheckIn", today.toString()).append("streakDays", streakDays)));
        } else {
            won = mongo.getCollection(STREAKS).updateOne(Filters.and(Filters.eq("_id", userId),
                    Filters.eq("lastCheckIn", last.toString())), moved).getModifiedCount() == 1;
        }
        if (!won) {
            throw new AlreadyCheckedIn();
        }
        mongo.getCollection(DAYS).updateOne(Filters.eq("_id", dayId(userId, today)),
                Updates.set("checkIn", award), new UpdateOptions().upsert(true));
        Status status = status(userId);
        return new CheckIn(award, status.points(), status.level(), status.streakDays(), status.todayEarned());
    }

    /**
     * Points for something done on {@code at}'s day, unless they would pass the day's cap. The
     * day remembers the events it counted, so a redelivered event is neither counted twice nor,
     * if it died before its credit, left uncredited.
     */
    void earn(String userId, String eventId, int points, Instant at, String reference) {
        if (points <= 0) {
            return;
        }
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        String dayId = dayId(userId, day);
        int cap = properties.activityDailyCap();
        Bson room = Filters.and(Filters.eq("_id", dayId), Filters.ne("events", eventId),
                Filters.or(Filters.exists("activity", false), Filters.lte("activity", cap - points)));
        Bson count = Updates.combine(Updates.inc("activity", points), Updates.push("events", eventId));
        // no match and a duplicate key: the day has no room left, or counted this event already
        DuplicateKeys.insertedOnce(() -> mongo.getCollection(DAYS).updateOne(room, count,
                new UpdateOptions().upsert(true)));
        if (countedBefore(dayId, eventId)) {
            wallets.move(userId, "activity:" + eventId, Wallets.Currency.POINTS, points, Wallets.Reason.ACTIVITY,
                    reference);
        }
    }

    private boolean countedBefore(String dayId, String eventId) {
        return mongo.getCollection(DAYS).find(Filters.and(Filters.eq("_id", dayId), Filters.eq("events", eventId)))
                .first() != null;
    }

    private long earnedOn(String userId, LocalDate day) {
        Document doc = mongo.getCollection(DAYS).find(Filters.eq("_id", dayId(userId, day))).first();
        if (doc == null) {
            return 0;
        }
        return number(doc, "checkIn") + number(doc, "activity");
    }

    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String dayId(String userId, LocalDate day) {
        return userId + ":" + day;
    }

    private static long number(Document doc, String field) {
        return doc.get(field) instanceof Number n ? n.longValue() : 0;
    }

    static final class AlreadyCheckedIn extends DomainException {
        private static final long serialVersionUID = 1L;

        AlreadyCheckedIn() {
            super(HttpStatus.CONFLICT, "already-checked-in", "You have already checked in today (UTC)");
        }
    }
}
