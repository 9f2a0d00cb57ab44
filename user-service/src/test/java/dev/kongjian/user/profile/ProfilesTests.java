package dev.kongjian.user.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ProfilesTests {

    @Test
    void aSearchQueryIsMatchedAsPlainText() {
        for (String query : new String[] { ".*", "a|b", "(x)", "[abc]", "^$", "\\d+", "{\"$ne\":1}" }) {
            String anchored = "^" + Profiles.escapeRegex(query);
            assertThat(Pattern.compile(anchored).matcher(query + "tail").find()).as(query).isTrue();
            assertThat(Pattern.compile(anchored).matcher("other").find()).as(query).isFalse();
        }
    }
}
