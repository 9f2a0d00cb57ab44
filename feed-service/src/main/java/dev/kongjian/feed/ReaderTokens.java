package dev.kongjian.feed;

import java.util.Arrays;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * A reader's token: a random value in Redis standing for "nothing the feed remembers about this
 * reader has changed". The home timeline's opening round trip reads it, or starts one where there
 * is none. It is ended after MongoDB holds any change to what is remembered under it: the reader's
 * friendships and blocks, and the reader's own likes. So what any instance learnt under a token
 * ({@link ReaderMemory}) holds while that token stands, and a reader who finds it gone starts a
 * fresh one and asks MongoDB again. A flushed Redis just starts new tokens.
 */
@Component
public class ReaderTokens {

    private final StringRedisTemplate redis;

    ReaderTokens(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** The Redis key of a reader's token. */
    public static String key(String userId) {
        return "feed:reader-token:" + userId;
    }

    /**
     * Ends these readers' tokens; call it after MongoDB holds the change, and again when repeating
     * a change that may have been stored by an attempt that failed before getting here.
     */
    public void end(String... userIds) {
        redis.delete(Arrays.stream(userIds).map(ReaderTokens::key).toList());
    }
}
