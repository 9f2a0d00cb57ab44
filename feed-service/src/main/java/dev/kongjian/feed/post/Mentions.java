package dev.kongjian.feed.post;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code @username}s written in a post, as they would be typed: 3 to 32 of {@code [a-z0-9_]}, any case. */
final class Mentions {

    static final int MAX = 20;
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_@])@([A-Za-z0-9_]{3,32})(?![A-Za-z0-9_])");

    private Mentions() {
    }

    /** Lower-case usernames in order of first appearance, at most {@value #MAX}. */
    static Set<String> in(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text == null) {
            return names;
        }
        Matcher matcher = MENTION.matcher(text);
        while (matcher.find() && names.size() < MAX) {
            names.add(matcher.group(1).toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
