package dev.kongjian.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import reactor.core.publisher.Mono;

/**
 * The shared token buckets: one Redis hash per user or address, all of a sync's keys taken in one
 * script call. (One Redis server, as in the architecture; a Redis Cluster would need the keys
 * grouped by slot.)
 */
final class RedisSharedBuckets implements TokenBuckets.SharedBuckets {

    static final String KEY_PREFIX = "rate_limit:";
    private static final String SCRIPT = "scripts/take_tokens.lua";

    private final ReactiveStringRedisTemplate redis;
    private final RedisScript<List<Long>> script;

    @SuppressWarnings({ "unchecked", "rawtypes" })
    RedisSharedBuckets(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
        try {
            this.script = (RedisScript) RedisScript.of(
                    new ClassPathResource(SCRIPT).getContentAsString(StandardCharsets.UTF_8), List.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Mono<List<Long>> take(List<TokenBuckets.Taken> taken) {
        List<String> keys = new ArrayList<>(taken.size());
        List<String> arguments = new ArrayList<>(taken.size() * 3);
        for (TokenBuckets.Taken each : taken) {
            keys.add(KEY_PREFIX + each.key());
            arguments.add(Integer.toString(Math.max(1, each.limits().replenishRate())));
            arguments.add(Integer.toString(each.limits().burstCapacity()));
            arguments.add(Long.toString(each.tokens()));
        }
        return redis.execute(script, keys, arguments).next();
    }
}
