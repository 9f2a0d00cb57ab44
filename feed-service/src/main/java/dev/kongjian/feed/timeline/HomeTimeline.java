package dev.kongjian.feed.timeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import dev.kongjian.feed.FeedProperties;
import dev.kongjian.feed.ReaderTokens;

/**
 * Home timelines in Redis: per user a sorted set of post ids scored by creation time (ms), the
 * newest {@code timelineSize} kept. A timeline is complete once it holds the {@link #BUILT}
 * member (scored above any time, so it never pages and is never trimmed); pushes may create a partial one
 * before that, and the rebuild from MongoDB adds to whatever is there, so a post pushed while a
 * timeline is being rebuilt is never lost. Idle timelines expire; Redis holds nothing that
 * cannot be rebuilt.
 */
@Component
class HomeTimeline {

    static final String BUILT = "~built";
    /** Above every time a post can have, so that the mark sorts first and pages never reach it. */
    private static final double BUILT_SCORE = Double.MAX_VALUE;
    private static final double NEWEST = Long.MAX_VALUE;
    /** One post onto each timeline named in KEYS: add, trim to size, give a new timeline its idle expiry. */
    private static final String PUSH = """
            local keep = -(tonumber(ARGV[3]) + 2)
            for _, key in ipairs(KEYS) do
              redis.call('ZADD', key, ARGV[2], ARGV[1])
              redis.call('ZREMRANGEBYRANK', key, 0, keep)
              if redis.call('TTL', key) == -1 then redis.call('EXPIRE', key, ARGV[4]) end
            end
            return #KEYS
            """;
    /**
     * Timelines per run of {@link #PUSH}: one script call per friend cost a command's decoding,
     * dispatch and reply each; a run this long keeps Redis from other clients for well under a
     * millisecond. (The keys of one run must live on one server: a single Redis, as Kongjian runs it,
     * not a Redis Cluster.)
     */
    private static final int PUSH_BATCH = 200;

    /**
     * Completeness, a fresh expiry, the viewer's {@link ReaderTokens token} (started if there is
     * none, with the timeline's idle expiry) and the first entries:
     * {built (1 or 0), token, id, score, id, score, ...}.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static final RedisScript<List<String>> OPEN = (RedisScript) RedisScript.of("""
            local built = redis.call('ZSCORE', KEYS[1], ARGV[1])
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            local token = redis.call('GET', KEYS[2])
            if not token then
                token = ARGV[5]
                redis.call('SET', KEYS[2], token)
            end
            redis.call('EXPIRE', KEYS[2], ARGV[2])
            local entries = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[3], '-inf', 'WITHSCORES', 'LIMIT', 0, ARGV[4])
            table.insert(entries, 1, token)
            table.insert(entries, 1, built and '1' or '0')
            return entries
            """, List.class);
    /** The newest position as a score bound: above every post's time, below the {@link #BUILT} mark. */
    private static final String NEWEST_BOUND = Long.toString(Long.MAX_VALUE);

    private final StringRedisTemplate redis;
    private final FeedProperties properties;
    private final String pushSha;
    private volatile boolean scriptLoaded;

    HomeTimeline(StringRedisTemplate redis, FeedProperties properties) {
        this.redis = redis;
        this.properties = properties;
        this.pushSha = sha1(PUSH);
    }

    record Entry(String postId, long createdAtMillis) {
    }

    static String key(String userId) {
        return "feed:timeline:" + userId;
    }

    /**
     * A timeline as first read for a page: whether it is complete, the viewer's token
     * and its first entries from the position.
     */
    record Opened(boolean built, String readerToken, List<Entry> entries) {
    }

    /**
     * Whether the timeline is complete, its first {@code count} entries from position
     * {@code beforeMillis} on, and a fresh idle expiry: one script, so one round trip on the
     * connection every request shares. (A pipeline would need a pooled connection of its own per
     * read; under a burst, reads queued for the pool instead of for Redis: measured, 2-second waits
     * and failed reads at 500 reads/s.)
     */
    Opened open(String userId, Long beforeMillis, int count) {
        String max = beforeMillis == null ? NEWEST_BOUND : Long.toString(beforeMillis);
        List<String> answer = redis.execute(OPEN, List.of(key(userId), ReaderTokens.key(userId)), BUILT,
                Long.toString(properties.timelineIdle().toSeconds()), max, Integer.toString(count), newToken());
        List<Entry> entries = new ArrayList<>();
        for (int i = 2; i + 1 < answer.size(); i += 2) {
            String id = answer.get(i);
            if (!BUILT.equals(id)) {
                entries.add(new Entry(id, (long) Double.parseDouble(answer.get(i + 1))));
            }
        }
        return new Opened("1".equals(answer.getFirst()), answer.get(1), entries);
    }

    /** 128 random bits: a token no instance has used, without the cost of a secure random source. */
    private static String newToken() {
        var random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    /** Adds entries to a timeline being rebuilt and marks it complete. */
    void complete(String userId, Collection<Entry> entries) {
        byte[] key = bytes(key(userId));
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (Entry entry : entries) {
                connection.zSetCommands().zAdd(key, entry.createdAtMillis(), bytes(entry.postId()));
            }
            connection.zSetCommands().zAdd(key, BUILT_SCORE, bytes(BUILT));
            connection.zSetCommands().zRemRange(key, 0, -(properties.timelineSize() + 2L));
            connection.keyCommands().expire(key, properties.timelineIdle().toSeconds());
            return null;
        });
    }

    /** Pushes one post onto many timelines in one round trip: a pipeline of scripts, each for a batch of timelines. */
    void push(Collection<String> userIds, String postId, long createdAtMillis) {
        if (userIds.isEmpty()) {
            return;
        }
        if (!scriptLoaded) {
            loadScript();
        }
        try {
            pipelinePush(userIds, postId, createdAtMillis);
        } catch (org.springframework.dao.DataAccessException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            // Redis restarted or was flushed of scripts: load it again; pushing twice is harmless
            loadScript();
            pipelinePush(userIds, postId, createdAtMillis);
        }
    }

    private void pipelinePush(Collection<String> userIds, String postId, long createdAtMillis) {
        byte[] sha = bytes(pushSha);
        byte[][] args = { bytes(postId), bytes(Long.toString(createdAtMillis)),
                bytes(Integer.toString(properties.timelineSize())),
                bytes(Long.toString(properties.timelineIdle().toSeconds())) };
        List<String> users = List.copyOf(userIds);
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (int from = 0; from < users.size(); from += PUSH_BATCH) {
                List<String> batch = users.subList(from, Math.min(users.size(), from + PUSH_BATCH));
                byte[][] keysAndArgs = new byte[batch.size() + args.length][];
                for (int i = 0; i < batch.size(); i++) {
                    keysAndArgs[i] = bytes(key(batch.get(i)));
                }
                System.arraycopy(args, 0, keysAndArgs, batch.size(), args.length);
                connection.scriptingCommands().evalSha(sha, ReturnType.INTEGER, batch.size(), keysAndArgs);
            }
            return null;
        });
    }

    /** Takes posts off many timelines. */
    void remove(Collection<String> userIds, Collection<String> postIds) {
        if (userIds.isEmpty() || postIds.isEmpty()) {
            return;
        }
        byte[][] members = postIds.stream().map(HomeTimeline::bytes).toArray(byte[][]::new);
        redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String userId : userIds) {
                connection.zSetCommands().zRem(bytes(key(userId)), members);
            }
            return null;
        });
    }

    /**
     * Up to {@code count} entries, newest first, from time {@code beforeMillis} on (inclusive: the
     * caller drops the entries of that millisecond it has shown), skipping {@code skip} already looked at.
     */
    List<Entry> read(String userId, Long beforeMillis, long skip, int count) {
        double max = beforeMillis == null ? NEWEST : beforeMillis;
        return entries(redis.opsForZSet()
                .reverseRangeByScoreWithScores(key(userId), Double.NEGATIVE_INFINITY, max, skip, count));
    }

    private static List<Entry> entries(Set<ZSetOperations.TypedTuple<String>> tuples) {
        List<Entry> entries = new ArrayList<>();
        if (tuples != null) {
            for (var tuple : tuples) {
                String id = tuple.getValue();
                long millis = tuple.getScore() == null ? 0 : tuple.getScore().longValue();
                if (BUILT.equals(id) || id == null) {
                    continue;
                }
                entries.add(new Entry(id, millis));
            }
        }
        return entries;
    }

    private static boolean isNoScript(Throwable failure) {
        if (failure instanceof org.springframework.data.redis.connection.RedisPipelineException pipeline
                && pipeline.getPipelineResult().stream().anyMatch(result -> result instanceof Throwable thrown
                        && isNoScript(thrown))) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private void loadScript() {
        redis.execute((RedisCallback<Object>) connection -> connection.scriptingCommands().scriptLoad(bytes(PUSH)));
        scriptLoaded = true;
    }

    private static String sha1(String script) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
