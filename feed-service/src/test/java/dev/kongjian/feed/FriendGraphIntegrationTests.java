package dev.kongjian.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.kongjian.events.UserEvent;
import dev.kongjian.feed.graph.FriendGraph;
import dev.kongjian.feed.graph.FriendGraph.Relation;

class FriendGraphIntegrationTests extends FeedServiceTestSupport {

    @Test
    void relationsLearntUnderATokenAreUsedUntilTheTokenChanges() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        befriend(mei, lin);
        assertThat(graph.relations(mei.id(), List.of(lin.id()), "t1")).containsEntry(lin.id(), Relation.FRIEND)
                .containsEntry(mei.id(), Relation.SELF);

        // changed behind the replica's back: no event, so no token ended
        mongo.getCollection("friendships").updateOne(Filters.and(Filters.eq("members", mei.id()),
                Filters.eq("members", lin.id())), Updates.set("friends", false));

        assertThat(graph.relations(mei.id(), List.of(lin.id()), "t1")).containsEntry(lin.id(), Relation.FRIEND);
        assertThat(graph.relations(mei.id(), List.of(lin.id()), "t2")).containsEntry(lin.id(), Relation.STRANGER);
        assertThat(graph.relations(mei.id(), List.of(lin.id()))).containsEntry(lin.id(), Relation.STRANGER);
    }

    @Test
    void everyFriendshipOrBlockChangeEndsBothUsersTokens() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        List<UserEvent> changes = List.of(
                new UserEvent.FriendshipCreated(UUID.randomUUID().toString(), mei.id(), lin.id(), Instant.now(), 1),
                new UserEvent.UserBlocked(UUID.randomUUID().toString(), lin.id(), mei.id(), Instant.now(), 1),
                new UserEvent.UserUnblocked(UUID.randomUUID().toString(), lin.id(), mei.id(), Instant.now(), 1),
                new UserEvent.FriendshipEnded(UUID.randomUUID().toString(), mei.id(), lin.id(), Instant.now(), 1));
        for (UserEvent change : changes) {
            redis.opsForValue().set(ReaderTokens.key(mei.id()), "before");
            redis.opsForValue().set(ReaderTokens.key(lin.id()), "before");

            publish(change);

            await(change.getClass().getSimpleName()).atMost(Duration.ofSeconds(10))
                    .until(() -> !redis.hasKey(ReaderTokens.key(mei.id()))
                            && !redis.hasKey(ReaderTokens.key(lin.id())));
        }
    }

    @Test
    void anOlderEventArrivingLateDoesNotUndoANewerOne() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        Instant befriended = Instant.now().minusSeconds(60);
        Instant ended = befriended.plusSeconds(30);

        publish(new UserEvent.FriendshipEnded(UUID.randomUUID().toString(), lin.id(), mei.id(), ended, 1));
        publish(new UserEvent.FriendshipCreated(UUID.randomUUID().toString(), lin.id(), mei.id(), befriended, 1));
        // keyed by the same user, so it is applied after the two above
        User marker = newUser("Marker");
        befriend(lin, marker);

        assertThat(graph.areFriends(mei.id(), lin.id())).isFalse();
        assertThat(graph.friendsOf(lin.id())).containsExactly(marker.id());
        assertThat(graph.friendsOf(mei.id())).isEmpty();
    }

    @Test
    void theReplicaFollowsFriendshipsBlocksAndProfiles() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        befriend(mei, lin);
        var created = new UserEvent.FriendshipCreated(UUID.randomUUID().toString(), mei.id(), lin.id(),
                Instant.now(), 1);
        publish(created);
        publish(new UserEvent.FriendshipEnded(UUID.randomUUID().toString(), mei.id(), lin.id(),
                Instant.now().plusMillis(5), 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !graph.areFriends(mei.id(), lin.id())
                && graph.friendsOf(lin.id()).isEmpty());

        publish(new UserEvent.UserBlocked(UUID.randomUUID().toString(), mei.id(), lin.id(), Instant.now(), 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> graph.blockedEitherWay(lin.id(), mei.id()));
        publish(new UserEvent.UserUnblocked(UUID.randomUUID().toString(), mei.id(), lin.id(),
                Instant.now().plusMillis(5), 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !graph.blockedEitherWay(lin.id(), mei.id()));

        publish(new UserEvent.ProfileUpdated(UUID.randomUUID().toString(), mei.id(), "Mei Lin", "a1",
                UserEvent.SpaceVisibility.FRIENDS, Instant.now(), 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> "Mei Lin".equals(graph.person(mei.id()).orElseThrow()
                .displayName()));
        var person = graph.person(mei.id()).orElseThrow();
        assertThat(person.username()).isEqualTo(mei.username());
        assertThat(person.spaceVisibility()).isEqualTo(UserEvent.SpaceVisibility.FRIENDS);
        assertThat(graph.idsByUsername(java.util.List.of(mei.username().toUpperCase())))
                .containsEntry(mei.username(), mei.id());
    }
}
