package dev.kongjian.user.account;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.bson.Document;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.events.UserEvent;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.user.UsersProperties;

/** Creates accounts (publishing {@code UserRegistered}) and checks credentials. */
@Service
class Accounts {

    static final String COLLECTION = "accounts";

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Passwords passwords;
    private final Clock clock;
    private final Set<String> admins;

    Accounts(MongoTemplate mongo, Outbox outbox, Passwords passwords, Clock clock, UsersProperties properties) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.passwords = passwords;
        this.clock = clock;
        this.admins = properties.adminUsernames().stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        // uniqueness is the index's job, not a read-then-write race
        mongo.indexOps(COLLECTION).createIndex(new Index("usernameLower", Sort.Direction.ASC).unique());
        mongo.indexOps(COLLECTION).createIndex(new Index("displayNameLower", Sort.Direction.ASC));
        // whose avatar a deleted media was (Profiles.forgetAvatar)
        mongo.indexOps(COLLECTION).createIndex(new Index("avatarMediaId", Sort.Direction.ASC).sparse());
    }

    /** Registers {@code username} in lower case, the only form a username has. */
    Account register(String username, String password, String displayName) {
        String name = username.toLowerCase(Locale.ROOT);
        var account = new Account(UUID.randomUUID().toString(), name, name,
                displayName.strip(), displayName.strip().toLowerCase(Locale.ROOT), passwords.hash(password), List.of("USER"), null, null,
                UserEvent.SpaceVisibility.PUBLIC, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        var event = new UserEvent.UserRegistered(UUID.randomUUID().toString(), account.id(), account.username(),
                account.displayName(), account.spaceVisibility(), account.createdAt(), 1);
        Document document = new Document();
        mongo.getConverter().write(account, document);
        try {
            outbox.publishWith(event, COLLECTION, account.id(),
                    () -> mongo.getCollection(COLLECTION).insertOne(Outbox.mark(document, event)));
        } catch (RuntimeException e) {
            if (DuplicateKeys.isDuplicateKey(e)) {
                throw new AccountErrors.UsernameTaken();
            }
            throw e;
        }
        return account;
    }

    /** The account whose password this is, or {@link AccountErrors.BadCredentials} in the same time either way. */
    Account authenticate(String username, String password) {
        Optional<Account> account = byUsername(username);
        if (account.isEmpty()) {
            passwords.burn(password);
            throw new AccountErrors.BadCredentials();
        }
        if (!passwords.matches(password, account.get().passwordHash())) {
            throw new AccountErrors.BadCredentials();
        }
        return account.get();
    }

    /** The account, if {@code password} is its password now; {@link AccountErrors.WrongPassword} if not. */
    Account verify(String userId, String password) {
        Account account = byId(userId).orElseThrow(AccountErrors.WrongPassword::new);
        if (!passwords.matches(password, account.passwordHash())) {
            throw new AccountErrors.WrongPassword();
        }
        return account;
    }

    void setPassword(String userId, String password) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(userId)),
                new Update().set("passwordHash", passwords.hash(password)), COLLECTION);
    }

    Optional<Account> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, Account.class, COLLECTION));
    }

    List<String> rolesOf(Account account) {
        if (admins.contains(account.usernameLower()) && !account.roles().contains("ADMIN")) {
            return java.util.stream.Stream.concat(account.roles().stream(), java.util.stream.Stream.of("ADMIN")).toList();
        }
        return account.roles();
    }

    private Optional<Account> byUsername(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findOne(
                Query.query(Criteria.where("usernameLower").is(username.toLowerCase(Locale.ROOT))), Account.class,
                COLLECTION));
    }
}
