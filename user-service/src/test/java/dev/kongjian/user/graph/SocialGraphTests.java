package dev.kongjian.user.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SocialGraphTests {

    @Test
    void aPairHasOneKeyWhoeverAsks() {
        assertThat(SocialGraph.pair("b", "a")).isEqualTo(SocialGraph.pair("a", "b")).isEqualTo("a:b");
    }
}
