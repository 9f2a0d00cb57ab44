package dev.kongjian.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ReaderMemoryTests {

    private final ReaderMemory<Integer> memory = new ReaderMemory<>();
    private final List<Set<String>> lookedUp = new ArrayList<>();

    private Map<String, Integer> get(String reader, String token, List<String> keys) {
        return memory.get(reader, token, keys, unknown -> {
            lookedUp.add(Set.copyOf(unknown));
            Map<String, Integer> found = new HashMap<>();
            unknown.forEach(key -> found.put(key, key.length() + token.length()));
            return found;
        });
    }

    @Test
    void onlyKeysNotLearntUnderTheSameTokenAreLookedUp() {
        assertThat(get("mei", "t1", List.of("a", "bb"))).isEqualTo(Map.of("a", 3, "bb", 4));
        assertThat(get("mei", "t1", List.of("bb", "ccc"))).isEqualTo(Map.of("bb", 4, "ccc", 5));

        assertThat(lookedUp).containsExactly(Set.of("a", "bb"), Set.of("ccc"));
    }

    @Test
    void anotherTokenForgetsWhatTheReaderWasFoundToBe() {
        get("mei", "t1", List.of("a"));
        assertThat(get("mei", "t22", List.of("a"))).isEqualTo(Map.of("a", 4));
        // and the old token does not come back: a late reader under it learns afresh too
        assertThat(get("mei", "t1", List.of("a"))).isEqualTo(Map.of("a", 3));

        assertThat(lookedUp).containsExactly(Set.of("a"), Set.of("a"), Set.of("a"));
    }

    @Test
    void readersAreRememberedApart() {
        get("mei", "t1", List.of("a"));
        get("lin", "t1", List.of("a"));

        assertThat(lookedUp).containsExactly(Set.of("a"), Set.of("a"));
    }

    @Test
    void aReaderWhoHasSeenMuchStartsOver() {
        List<String> many = IntStream.range(0, ReaderMemory.PER_READER).mapToObj(i -> "k" + i).toList();
        get("mei", "t1", many);
        get("mei", "t1", List.of("k1"));

        assertThat(lookedUp).hasSize(2);
        assertThat(lookedUp.getLast()).containsExactly("k1");
    }
}
