package dev.kongjian.mall.loyalty;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

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
        Bson day = Filters.eq("_id", dayId(userId, today));
        if (!DuplicateKeys.insertedOnce(() -> mongo.getCollection(DAYS).updateOne(day, Updates.set("checkIn", award),
                new UpdateOptions().upsert(true)))) {
            // the day's first activity points created it at the same moment
            mongo.getCollection(DAYS).updateOne(day, Updates.set("checkIn", award));
        }
        Status status = status(userId);
        return new CheckIn(award, status.points(), status.level(), status.streakDays(), status.todayEarned());
    }

    /**
     * Points for something done on {@code at}'s day, as many as the day's cap still allows. The
     * day records each event with the points it counted (a conditional update on the total it
     * read), so a redelivered event is neither counted twice nor, if it died before its credit,
     * left uncredited.
     */
    void earn(String userId, String eventId, int points, Instant at, String reference) {
        String dayId = dayId(userId, at.atZone(ZoneOffset.UTC).toLocalDate());
        for (int attempt = 0; attempt < 100; attempt++) {
            Document day = mongo.getCollection(DAYS).find(Filters.eq("_id", dayId)).first();
            Long counted = day == null ? null : countedFor(day, eventId);
            if (counted != null) {
                credit(userId, eventId, counted, reference);
                return;
            }
            long activity = day == null ? 0 : number(day, "activity");
            long grant = Math.min(points, properties.activityDailyCap() - activity);
            if (grant <= 0) {
                return;
            }
            Document mark = new Document("id", eventId).append("points", grant);
            boolean won;
            if (day == null) {
                won = DuplicateKeys.insertedOnce(() -> mongo.getCollection(DAYS).insertOne(
                        new Document("_id", dayId).append("activity", grant).append("events", List.of(mark))));
            } else {
                Bson unchanged = Filters.and(Filters.eq("_id", dayId), activity == 0
                        ? Filters.or(Filters.exists("activity", false), Filters.eq("activity", 0))
                        : Filters.eq("activity", activity));
                won = mongo.getCollection(DAYS).updateOne(unchanged,
                        Updates.combine(Updates.inc("activity", grant), Updates.push("events", mark)))
                        .getModifiedCount() == 1;
            }
            if (won) {
                credit(userId, eventId, grant, reference);
                return;
            }
        }
    }

    private void credit(String userId, String eventId, long points, String reference) {
        if (points > 0) {
            wallets.move(userId, "activity:" + eventId, Wallets.Currency.POINTS, points, Wallets.Reason.ACTIVITY,
                    reference);
        }
    }

    private static Long countedFor(Document day, String eventId) {
        return day.getList("events", Document.class, List.of()).stream()
                .filter(mark -> eventId.equals(mark.getString("id"))).findFirst()
                .map(mark -> number(mark, "points")).orElse(null);
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
