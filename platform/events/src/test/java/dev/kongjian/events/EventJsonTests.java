package dev.kongjian.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class EventJsonTests {

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");

    @Test
    void roundTripsAnEventWithItsTypeAndIsoTimes() {
        var event = new FeedEvent.PostCreated("e1", "p1", "u1", FeedEvent.Visibility.FRIENDS, List.of("u2"),
                List.of(), null, NOW, 1);

        String json = EventJson.writeString(event);

        assertThat(json).contains("\"type\":\"PostCreated\"").contains("\"occurredAt\":\"2026-11-28T09:00:00Z\"");
        assertThat(EventJson.read(json.getBytes(StandardCharsets.UTF_8))).contains(event);
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        String json = """
                {"type":"FriendshipCreated","id":"e2","userId":"a","friendId":"b","occurredAt":"2026-11-28T09:00:00Z",
                 "version":2,"since":"a later schema field"}""";

        assertThat(EventJson.read(json.getBytes(StandardCharsets.UTF_8)))
                .contains(new UserEvent.FriendshipCreated("e2", "a", "b", NOW, 2));
    }

    @Test
    void unknownTypeYieldsNothing() {
        assertThat(EventJson.read("{\"type\":\"SomethingNew\",\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void aConsumerReadsOnlyTheTypeItWants() {
        String deleted = EventJson.writeString(new MediaEvent.MediaDeleted("e3", "m1", "u1", NOW, 1));
        String friendship = EventJson.writeString(new UserEvent.FriendshipCreated("e4", "a", "b", NOW, 1));

        assertThat(EventJson.read(deleted, MediaEvent.MediaDeleted.class)).map(MediaEvent.MediaDeleted::mediaId)
                .contains("m1");
        assertThat(EventJson.read(friendship, MediaEvent.MediaDeleted.class)).isEmpty();
        assertThat(EventJson.read(friendship, UserEvent.class)).isPresent();
        assertThatThrownBy(() -> EventJson.read("not json", UserEvent.class))
                .isInstanceOf(EventJson.MalformedEvent.class);
    }

    @Test
    void garbageIsAMalformedEvent() {
        assertThatThrownBy(() -> EventJson.read("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventJson.MalformedEvent.class);
        assertThatThrownBy(() -> EventJson.read("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventJson.MalformedEvent.class);
    }

    @Test
    void everyEventIsKeyedByItsAggregateAndRoutedToItsServicesTopic() {
        var visited = new FeedEvent.SpaceVisited("e3", "owner", "visitor", NOW, 1);
        var granted = new MallEvent.VipExpired("e4", "buyer", NOW, 1);
        var deleted = new MediaEvent.MediaDeleted("e5", "m1", "owner", NOW, 1);

        assertThat(visited.aggregateId()).isEqualTo("owner");
        assertThat(visited.topic()).isEqualTo(Topics.FEED_EVENTS);
        assertThat(granted.topic()).isEqualTo(Topics.MALL_EVENTS);
        assertThat(deleted.aggregateId()).isEqualTo("m1");
        assertThat(deleted.topic()).isEqualTo(Topics.MEDIA_EVENTS);
        assertThat(EventJson.read(EventJson.writeString(deleted).getBytes(StandardCharsets.UTF_8))).contains(deleted);
        assertThat(Topics.deadLetterOf(Topics.USER_EVENTS)).isEqualTo("user.events.DLT");
    }
}
