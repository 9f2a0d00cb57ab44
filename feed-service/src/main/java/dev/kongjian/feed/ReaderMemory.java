package dev.kongjian.feed;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * What this instance learnt about recent readers, one value per key (an author, a post), each
 * reader's good only under the {@link ReaderTokens token} it was learnt under. Bounded to the
 * readers of the last minute, at most {@value #READERS}, and {@value #PER_READER} keys each (five
 * pages of posts): past that a reader's learning starts over. An entry costs about 100 bytes, so
 * 10 MB at the very worst, and a few hundred KB for readers who look at a page or two.
 *
 * @param <V> what is learnt per key
 */
public final class ReaderMemory<V> {

    static final int READERS = 1_000;
    static final int PER_READER = 100;

    private record Learnt<V>(String token, Map<String, V> values) {
    }

    private final Cache<String, Learnt<V>> readers = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(1)).maximumSize(READERS).build();

    /**
     * The values of {@code keys} for the reader: those learnt under {@code token}, and the rest from
     * {@code lookup}, which is given only the keys not learnt and must answer each of them. The map
     * is the caller's own, free to change.
     */
    public Map<String, V> get(String reader, String token, Collection<String> keys,
            Function<Set<String>, Map<String, V>> lookup) {
        Learnt<V> learnt = readers.getIfPresent(reader);
        if (learnt == null || !learnt.token().equals(token) || learnt.values().size() >= PER_READER) {
            learnt = new Learnt<>(token, new ConcurrentHashMap<>());
            readers.put(reader, learnt);
        }
        Map<String, V> known = learnt.values();
        Set<String> unknown = new HashSet<>(keys);
        unknown.removeAll(known.keySet());
        Map<String, V> values = new HashMap<>();
        if (!unknown.isEmpty()) {
            Map<String, V> found = lookup.apply(unknown);
            known.putAll(found);
            values.putAll(found);
        }
        for (String key : keys) {
            V value = known.get(key);
            if (value != null) {
                values.putIfAbsent(key, value);
            }
        }
        return values;
    }
}
