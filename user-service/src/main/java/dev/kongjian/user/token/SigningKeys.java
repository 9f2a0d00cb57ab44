package dev.kongjian.user.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import dev.kongjian.user.UsersProperties;

/**
 * The RSA keys that sign access tokens, kept in MongoDB so that every instance, and every
 * restart, signs and verifies with the same keys. The newest key signs; older ones keep
 * verifying until every token they signed has expired. A new key is made when the newest is
 * older than the rotation period.
 */
@Component
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    static final String COLLECTION = "signing_keys";
    private static final Duration RELOAD_EVERY = Duration.ofMinutes(1);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final UsersProperties properties;
    private volatile Loaded loaded;

    public SigningKeys(MongoTemplate mongo, Clock clock, UsersProperties properties) {
        this.mongo = mongo;
        this.clock = clock;
        this.properties = properties;
    }

    private record Loaded(List<StoredKey> keys, Instant at) {
    }

    private record StoredKey(RSAKey key, Instant createdAt) {
    }

    /** The key that signs new tokens. */
    public RSAKey current() {
        Loaded state = state();
        StoredKey newest = state.keys().getFirst();
        if (newest.createdAt().plus(properties.signingKeyRotation()).isBefore(clock.instant())) {
            synchronized (this) {
                rotate();
                return state().keys().getFirst().key();
            }
        }
        return newest.key();
    }

    /** Public keys that may have signed a token still valid: what the JWKS document publishes. */
    public JWKSet publicKeys() {
        Instant oldestUseful = clock.instant().minus(properties.signingKeyRotation())
                .minus(properties.accessTokenLifetime()).minus(Duration.ofMinutes(5));
        return new JWKSet(state().keys().stream()
                .filter(stored -> stored == state().keys().getFirst() || stored.createdAt().isAfter(oldestUseful))
                .map(stored -> (com.nimbusds.jose.jwk.JWK) stored.key().toPublicJWK())
                .toList());
    }

    /** Reloads at once, for a token signed by a key another instance just made. */
    public JWKSet publicKeysFresh() {
        loaded = null;
        return publicKeys();
    }

    /** Makes a new signing key; the old ones keep verifying. */
    public synchronized void rotate() {
        RSAKey key = generate();
        mongo.getCollection(COLLECTION).insertOne(new Document("_id", key.getKeyID())
                .append("jwk", key.toJSONString())
                .append("createdAt", Date.from(clock.instant())));
        log.info("Created signing key {}", key.getKeyID());
        loaded = null;
    }

    private Loaded state() {
        Loaded state = loaded;
        if (state == null || state.at().plus(RELOAD_EVERY).isBefore(clock.instant())) {
            synchronized (this) {
                state = load();
                if (state.keys().isEmpty()) {
                    rotate();
                    state = load();
                }
                loaded = state;
            }
        }
        return state;
    }

    private Loaded load() {
        List<StoredKey> keys = mongo.getCollection(COLLECTION).find().into(new java.util.ArrayList<>()).stream()
                .map(SigningKeys::parse)
                .sorted(Comparator.comparing(StoredKey::createdAt).reversed())
                .toList();
        return new Loaded(keys, clock.instant());
    }

    private static StoredKey parse(Document document) {
        try {
            return new StoredKey(RSAKey.parse(document.getString("jwk")), document.getDate("createdAt").toInstant());
        } catch (ParseException e) {
            throw new IllegalStateException("unreadable signing key " + document.get("_id"), e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
                    .algorithm(com.nimbusds.jose.JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
