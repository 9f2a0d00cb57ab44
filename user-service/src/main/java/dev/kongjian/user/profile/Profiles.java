package dev.kongjian.user.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Filters;

import dev.kongjian.events.MediaEvent;
import dev.kongjian.events.UserEvent;
import dev.kongjian.events.UserEvent.SpaceVisibility;
import dev.kongjian.kit.media.DeletedMedia;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.paging.Cursor;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.NotFound;
import dev.kongjian.user.decoration.Decorations;
import dev.kongjian.user.graph.SocialGraph;

/** Profiles: one's own, others' public view, changes (announced as {@code ProfileUpdated}), search. */
@Service
class Profiles {

    private static final String ACCOUNTS = "accounts";

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final SocialGraph graph;
    private final Decorations decorations;
    private final DeletedMedia deletedMedia;
    private final Clock clock;

    Profiles(MongoTemplate mongo, Outbox outbox, SocialGraph graph, Decorations decorations, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.graph = graph;
        this.decorations = decorations;
        this.deletedMedia = new DeletedMedia(mongo);
        this.clock = clock;
    }

    record OwnProfile(String id, String username, String displayName, String bio, String avatarMediaId,
            SpaceVisibility spaceVisibility, List<String> decorations, boolean vip, Instant createdAt) {
    }

    record PublicProfile(String id, String username, String displayName, String bio, String avatarMediaId,
            List<String> decorations, boolean isFriend, boolean vip, SpaceVisibility spaceVisibility) {
    }

    record UserSummary(String id, String username, String displayName, String avatarMediaId) {
    }

    /** A change asked for; a null field stays as it is, an empty bio or avatar removes it. */
    record Change(String displayName, String bio, String avatarMediaId, SpaceVisibility spaceVisibility) {
    }

    OwnProfile own(String userId) {
        Document account = account(userId);
        return new OwnProfile(userId, account.getString("username"), account.getString("displayName"),
                account.getString("bio"), account.getString("avatarMediaId"), visibility(account),
                decorations.shown(account), decorations.isVip(account), account.getDate("createdAt").toInstant());
    }

    PublicProfile view(String viewerId, String userId) {
        if (!viewerId.equals(userId) && graph.blockedEitherWay(viewerId, userId)) {
            throw new NotFound("That user");
        }
        Document account = account(userId);
        return new PublicProfile(userId, account.getString("username"), account.getString("displayName"),
                account.getString("bio"), account.getString("avatarMediaId"), decorations.shown(account),
                graph.areFriends(viewerId, userId), decorations.isVip(account), visibility(account));
    }

    OwnProfile change(String userId, Change change) {
        Document before = account(userId);
        Update update = new Update();
        if (change.displayName() != null) {
            String name = change.displayName().strip();
            update.set("displayName", name).set("displayNameLower", name.toLowerCase(Locale.ROOT));
        }
        if (change.bio() != null) {
            setOrUnset(update, "bio", change.bio().strip());
        }
        if (change.avatarMediaId() != null) {
            setOrUnset(update, "avatarMediaId", change.avatarMediaId().strip());
        }
        if (change.spaceVisibility() != null) {
            update.set("spaceVisibility", change.spaceVisibility().name());
        }
        if (update.getUpdateObject().isEmpty()) {
            return own(userId);
        }
        Query query = Query.query(Criteria.where("_id").is(userId));
        String displayName = change.displayName() != null ? change.displayName().strip()
                : before.getString("displayName");
        String avatar = change.avatarMediaId() != null ? emptyToNull(change.avatarMediaId().strip())
                : before.getString("avatarMediaId");
        boolean newAvatar = change.avatarMediaId() != null && avatar != null;
        if (newAvatar && !deletedMedia.among(List.of(avatar)).isEmpty()) {
            throw DeletedMedia.refusal("avatarMediaId", List.of(avatar));
        }
        SpaceVisibility visibility = change.spaceVisibility() != null ? change.spaceVisibility() : visibility(before);
        boolean announced = !displayName.equals(before.getString("displayName"))
                || !java.util.Objects.equals(avatar, before.getString("avatarMediaId"))
                || visibility != visibility(before);
        if (announced) {
            var event = new UserEvent.ProfileUpdated(UUID.randomUUID().toString(), userId, displayName, avatar,
                    visibility, clock.instant(), 1);
            outbox.publishWith(event, ACCOUNTS, userId, () -> mongo.updateFirst(query, Outbox.mark(update, event),
                    ACCOUNTS));
        } else {
            mongo.updateFirst(query, update, ACCOUNTS);
        }
        if (newAvatar && !deletedMedia.among(List.of(avatar)).isEmpty()) {
            // deleted while the profile was being written: its MediaDeleted missed this profile
            letGoOfAvatar(account(userId), avatar);
        }
        return own(userId);
    }

    /**
     * A media deleted by its owner stops being anyone's avatar (from {@code media.events}), each
     * such profile announcing the change, so the app is never handed an avatar that is gone. A
     * profile that changed its avatar meanwhile keeps the new one: the update is conditional, and
     * an event whose update matched nothing is dropped by the outbox.
     */
    void forgetAvatar(MediaEvent.MediaDeleted deleted) {
        // remembered first, so a profile taking that avatar meanwhile finds it (see change)
        deletedMedia.remember(deleted);
        for (Document account : mongo.getCollection(ACCOUNTS).find(Filters.eq("avatarMediaId", deleted.mediaId()))
                .projection(new Document("displayName", 1).append("spaceVisibility", 1)).into(new ArrayList<>())) {
            letGoOfAvatar(account, deleted.mediaId());
        }
    }

    private void letGoOfAvatar(Document account, String mediaId) {
        String userId = account.getString("_id");
        var event = new UserEvent.ProfileUpdated(UUID.randomUUID().toString(), userId,
                account.getString("displayName"), null, visibility(account), clock.instant(), 1);
        Query stillThatAvatar = Query.query(Criteria.where("_id").is(userId).and("avatarMediaId").is(mediaId));
        outbox.publishWith(event, ACCOUNTS, userId, () -> mongo.updateFirst(stillThatAvatar,
                Outbox.mark(new Update().unset("avatarMediaId"), event), ACCOUNTS));
    }

    /** Users whose username or display name starts with {@code prefix}, by username. */
    Page<UserSummary> search(String viewerId, String prefix, PageRequest page) {
        String lower = prefix.strip().toLowerCase(Locale.ROOT);
        String anchored = "^" + escapeRegex(lower);
        List<String> hidden = blockedBothWays(viewerId);
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.or(Filters.regex("usernameLower", anchored), Filters.regex("displayNameLower", anchored)));
        if (!hidden.isEmpty()) {
            filters.add(Filters.nin("_id", hidden));
        }
        page.cursor().ifPresent(cursor -> filters.add(Filters.gt("usernameLower", cursor.value(0))));
        List<Document> fetched = mongo.getCollection(ACCOUNTS).find(Filters.and(filters))
                .projection(new Document("username", 1).append("usernameLower", 1).append("displayName", 1)
                        .append("avatarMediaId", 1))
                .sort(new Document("usernameLower", 1)).limit(page.limit() + 1).into(new ArrayList<>());
        return Page.fromFetched(fetched, page.limit(), doc -> Cursor.of(doc.getString("usernameLower")))
                .map(doc -> new UserSummary(doc.getString("_id"), doc.getString("username"),
                        doc.getString("displayName"), doc.getString("avatarMediaId")));
    }

    private List<String> blockedBothWays(String userId) {
        List<String> ids = new ArrayList<>();
        mongo.getCollection("blocks").find(Filters.and(
                Filters.or(Filters.eq("blockerId", userId), Filters.eq("blockedId", userId)), Filters.ne("ended", true)))
                .forEach(doc -> ids.add(userId.equals(doc.getString("blockerId")) ? doc.getString("blockedId")
                        : doc.getString("blockerId")));
        return ids;
    }

    private Document account(String userId) {
        Document account = mongo.getCollection(ACCOUNTS).find(Filters.eq("_id", userId)).first();
        if (account == null) {
            throw new NotFound("That user");
        }
        return account;
    }

    private static SpaceVisibility visibility(Document account) {
        String value = account.getString("spaceVisibility");
        return value == null ? SpaceVisibility.PUBLIC : SpaceVisibility.valueOf(value);
    }

    private static void setOrUnset(Update update, String field, String value) {
        if (value.isEmpty()) {
            update.unset(field);
        } else {
            update.set(field, value);
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /** The query is text, never an operator: every regex character is escaped. */
    static String escapeRegex(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
