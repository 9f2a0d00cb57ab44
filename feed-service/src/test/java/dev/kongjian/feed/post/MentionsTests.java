package dev.kongjian.feed.post;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MentionsTests {

    @Test
    void findsUsernamesInOrderLowerCasedAndOnce() {
        assertThat(Mentions.in("hi @Mei_Lin and @bob_99, again @mei_lin!")).containsExactly("mei_lin", "bob_99");
    }

    @Test
    void ignoresEmailAddressesTooShortAndTooLongNames() {
        assertThat(Mentions.in("mail me@example.com, @ab, @" + "x".repeat(33) + ", @@double")).isEmpty();
    }

    @Test
    void keepsAtMostTwentyNames() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            text.append("@user_").append(i).append(' ');
        }
        assertThat(Mentions.in(text.toString())).hasSize(Mentions.MAX);
    }

    @Test
    void noTextNoMentions() {
        assertThat(Mentions.in(null)).isEmpty();
    }
}
