package dev.kongjian.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With the threshold lowered to 2 friends, a popular author's posts are merged at read time; the feed is the same. */
@TestPropertySource(properties = "kongjian.feed.fan-out-threshold=2")
class FanOutOnReadIntegrationTests extends FeedServiceTestSupport {

    @Test
    void aPopularAuthorsPostsAreMergedInAtReadTimeInTheRightPlace() {
        User star = newUser("Star");
        User lin = newUser("Lin");
        User fan1 = newUser("Fan 1");
        User fan2 = newUser("Fan 2");
        User kai = newUser("Kai");
        befriend(star, lin);
        befriend(star, fan1);
        befriend(star, fan2);
        befriend(kai, lin);
        homeFeed(lin, 20);

        String star1 = post(star, "FRIENDS", "star 1");
        String kai1 = post(kai, "FRIENDS", "kai 1");
        String star2 = post(star, "PUBLIC", "star 2");
        String kai2 = post(kai, "PUBLIC", "kai 2");
        String starSecret = post(star, "PRIVATE", "star alone");

        await().atMost(Duration.ofSeconds(10)).until(() -> homeFeed(lin, 20).size() == 4);
        assertThat(homeFeed(lin, 20)).containsExactly(kai2, star2, kai1, star1);
        assertThat(homeFeed(lin, 1)).containsExactly(kai2, star2, kai1, star1);
        assertThat(homeFeed(fan1, 20)).containsExactly(star2, star1);
        assertThat(homeFeed(star, 20)).containsExactly(starSecret, star2, star1);
        // the merged posts were never pushed to the friends' timelines
        var linsTimeline = redis.opsForZSet().range("feed:timeline:" + lin.id(), 0, -1);
        assertThat(linsTimeline).contains(kai1, kai2).doesNotContainAnyElementsOf(List.of(star1, star2));
    }
}
