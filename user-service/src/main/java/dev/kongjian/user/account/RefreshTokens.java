package dev.kongjian.user.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.UUID;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.kongjian.user.UsersProperties;

/**
 * Opaque refresh tokens, stored only as SHA-256 hashes. Each login is a family; a token is
 * spent when used and its successor joins the family. Presenting a spent token means it was
 * stolen or replayed, so the whole family is revoked.
 */
@Component
class RefreshTokens {

    static final String COLLECTION = "refresh_tokens";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokens.class);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final UsersProperties properties;

    RefreshTokens(MongoTemplate mongo, Clock clock, UsersProperties properties) {
        this.mongo = mongo;
        this.clock = clock;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        mongo.indexOps(COLLECTION).createIndex(new Index("familyId", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index("userId", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index("expiresAt", Sort.Direction.ASC));
    }

    /**
     * Deletes the tokens past their expiry: every refresh stores a new token, so an active device
     * adds about a hundred a day, and an expired one can do nothing any more (spent or not).
     */
    @Scheduled(fixedDelayString = "${kongjian.users.token-sweep-every:1h}",
            initialDelayString = "${kongjian.users.token-sweep-every:1h}")
    void sweep() {
        long deleted = mongo.getCollection(COLLECTION).deleteMany(Filters.lt("expiresAt", Date.from(clock.instant())))
                .getDeletedCount();
        if (deleted > 0) {
            LOG.info("Deleted {} expired refresh tokens", deleted);
        }
    }

    record Issued(String token, String familyId) {
    }

    record Redeemed(String userId, String familyId) {
    }

    Issued startFamily(String userId) {
        return issue(userId, UUID.randomUUID().toString());
    }

    /** Spends {@code token} and tells whose family it belongs to; revokes the family on reuse. */
    Redeemed redeem(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            throw new AccountErrors.InvalidRefreshToken();
        }
        Instant now = clock.instant();
        Document spent = mongo.getCollection(COLLECTION).findOneAndUpdate(
                Filters.and(Filters.eq("_id", hash(token)), Filters.eq("spent", false), Filters.eq("revoked", false),
                        Filters.gt("expiresAt", Date.from(now))),
                Updates.combine(Updates.set("spent", true), Updates.set("spentAt", Date.from(now))));
        if (spent == null) {
            Document known = mongo.getCollection(COLLECTION).find(Filters.eq("_id", hash(token))).first();
            if (known != null && known.getBoolean("spent", false)) {
                revokeFamily(known.getString("familyId"));
            }
            throw new AccountErrors.InvalidRefreshToken();
        }
        return new Redeemed(spent.getString("userId"), spent.getString("familyId"));
    }

    Issued continueFamily(Redeemed redeemed) {
        return issue(redeemed.userId(), redeemed.familyId());
    }

    void revokeFamily(String familyId) {
        mongo.getCollection(COLLECTION).updateMany(Filters.eq("familyId", familyId), Updates.set("revoked", true));
    }

    /** Ends every login of the user: no refresh token of theirs works any more. */
    void revokeAll(String userId) {
        mongo.getCollection(COLLECTION).updateMany(Filters.and(Filters.eq("userId", userId),
                Filters.eq("revoked", false)), Updates.set("revoked", true));
    }

    private Issued issue(String userId, String familyId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        mongo.getCollection(COLLECTION).insertOne(new Document("_id", hash(token))
                .append("userId", userId)
                .append("familyId", familyId)
                .append("spent", false)
                .append("revoked", false)
                .append("createdAt", Date.from(now))
                .append("expiresAt", Date.from(now.plus(properties.refreshTokenLifetime()))));
        return new Issued(token, familyId);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
