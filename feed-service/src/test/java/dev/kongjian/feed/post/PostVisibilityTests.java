package dev.kongjian.feed.post;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.kongjian.events.FeedEvent.Visibility;
import dev.kongjian.feed.graph.FriendGraph.Relation;

class PostVisibilityTests {

    @ParameterizedTest(name = "{0} post, {1} viewer: {2}")
    @CsvSource({
            "PUBLIC, SELF, true", "PUBLIC, FRIEND, true", "PUBLIC, STRANGER, true", "PUBLIC, BLOCKED, false",
            "FRIENDS, SELF, true", "FRIENDS, FRIEND, true", "FRIENDS, STRANGER, false", "FRIENDS, BLOCKED, false",
            "PRIVATE, SELF, true", "PRIVATE, FRIEND, false", "PRIVATE, STRANGER, false", "PRIVATE, BLOCKED, false" })
    void whoSeesWhat(Visibility visibility, Relation relation, boolean sees) {
        assertThat(post(visibility, false).visibleTo(relation)).isEqualTo(sees);
    }

    @ParameterizedTest
    @CsvSource({ "SELF", "FRIEND", "STRANGER" })
    void aDeletedPostIsSeenByNoOne(Relation relation) {
        assertThat(post(Visibility.PUBLIC, true).visibleTo(relation)).isFalse();
    }

    private static Post post(Visibility visibility, boolean deleted) {
        return new Post("p", "author", "text", List.of(), visibility, null, List.of(), 0, 0, 0, Instant.EPOCH, null,
                deleted);
    }
}
