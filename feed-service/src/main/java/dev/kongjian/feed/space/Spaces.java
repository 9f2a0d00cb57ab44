package dev.kongjian.feed.space;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;


import dev.kongjian.kit.mongo.DuplicateKeys;
import dev.kongjian.events.FeedEvent;
import dev.kongjian.events.FeedEvent.Visibility;
import dev.kongjian.events.UserEvent.SpaceVisibility;
import dev.kongjian.feed.graph.FriendGraph;
import dev.kongjian.feed.graph.FriendGraph.Relation;
import dev.kongjian.feed.post.Post;
import dev.kongjian.feed.post.PostView;
import dev.kongjian.feed.post.PostViews;
import dev.kongjian.feed.post.Posts;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.kit.problem.NotFound;

/**
 * A user's space: who may open it (the owner's {@code spaceVisibility}), which posts each
 * visitor sees in it, and the visit it records ({@code SpaceVisited}, announced at most once
 * per visitor and space every {@link #ANNOUNCE_EVERY}, which is all user-service's list needs).
 */
@Service
class Spaces {

    static final String VISITS = "space_visits";
    static final Duration ANNOUNCE_EVERY = Duration.ofMinutes(10);

    private final FriendGraph graph;
    private final Posts posts;
    private final PostViews views;
    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;

    Spaces(FriendGraph graph, Posts posts, PostViews views, MongoTemplate mongo, Outbox outbox, Clock clock) {
        this.graph = graph;
        this.posts = posts;
        this.views = views;
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
    }

    Page<PostView> open(String viewer, String ownerId, PageRequest page) {
        Relation relation = graph.relation(viewer, ownerId);
        if (relation != Relation.SELF) {
            FriendGraph.Person owner = graph.person(ownerId).orElseThrow(() -> new NotFound("That user"));
            if (relation == Relation.BLOCKED) {
                throw new NotFound("That user");
            }
            SpaceVisibility opens = owner.spaceVisibility();
            if (opens == SpaceVisibility.PRIVATE || (opens == SpaceVisibility.FRIENDS && relation != Relation.FRIEND)) {
                throw new SpaceClosed();
            }
        }
        Set<Visibility> visible = switch (relation) {
            case SELF -> EnumSet.allOf(Visibility.class);
            case FRIEND -> EnumSet.of(Visibility.PUBLIC, Visibility.FRIENDS);
            default -> EnumSet.of(Visibility.PUBLIC);
        };
        var fetched = posts.space(ownerId, visible, page);
        Page<Post> shown = Page.fromFetched(fetched, page.limit(),
                post -> dev.kongjian.kit.paging.Cursor.of(Long.toString(post.createdAt().toEpochMilli()), post.id()));
        if (relation != Relation.SELF && page.cursor().isEmpty()) {
            recordVisit(ownerId, viewer);
        }
        return new Page<>(views.of(viewer, shown.items()), shown.nextCursor());
    }

    private void recordVisit(String ownerId, String visitorId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = ownerId + ":" + visitorId;
        var last = mongo.getCollection(VISITS).find(com.mongodb.client.model.Filters.eq("_id", id)).first();
        if (last != null && last.getDate("announcedAt").toInstant().isAfter(now.minus(ANNOUNCE_EVERY))) {
            return;
        }
        var visited = new FeedEvent.SpaceVisited(UUID.randomUUID().toString(), ownerId, visitorId, now, 1);
        try {
            // announced only if the last announcement is old enough; otherwise the upsert collides and nothing is sent
            outbox.publishWith(visited, VISITS, id, () -> mongo.upsert(
                    Query.query(Criteria.where("_id").is(id).and("announcedAt").lt(Date.from(now.minus(ANNOUNCE_EVERY)))),
                    Outbox.mark(new Update().set("announcedAt", Date.from(now)), visited), VISITS));
        } catch (RuntimeException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            // announced a moment ago
        }
    }

    static final class SpaceClosed extends DomainException {
        private static final long serialVersionUID = 1L;

        SpaceClosed() {
            super(HttpStatus.FORBIDDEN, "space-closed", "The owner does not open this space to you");
        }
    }
}
