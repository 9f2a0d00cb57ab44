package dev.kongjian.kit.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The keys this instance holds while their first requests run. A key is claimed for a short lease
 * and renewed while its request runs, so a request may take as long as it needs, yet when the
 * instance dies its keys free themselves within one lease: the app's retry then runs instead of
 * being told for a minute that a request nobody runs any more is "still being processed".
 */
public final class RunningRequests implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunningRequests.class);

    /** Extends a claim only while it is still the claim written: never a stored answer or another's claim. */
    private static final RedisScript<Long> RENEW = RedisScript.of("""
            if redis.call('get', KEYS[1]) == ARGV[1] then
              return redis.call('pexpire', KEYS[1], ARGV[2])
            end
            return 0""", Long.class);

    /** Writes the answer over a claim only while it is still the claim written. */
    private static final RedisScript<Long> FINISH = RedisScript.of("""
            if redis.call('get', KEYS[1]) == ARGV[1] then
              redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0""", Long.class);

    /** Deletes a claim only while it is still the claim written. */
    private static final RedisScript<Long> ABANDON = RedisScript.of("""
            if redis.call('get', KEYS[1]) == ARGV[1] then
              return redis.call('del', KEYS[1])
            end
            return 0""", Long.class);

    private final StringRedisTemplate redis;
    private final Duration lease;
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;

    public RunningRequests(StringRedisTemplate redis, Duration lease) {
        this.redis = redis;
        this.lease = lease;
        this.renewer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("idempotency-leases").factory());
        long every = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Claims {@code key} with {@code claim} as its value, unless someone holds it or has finished with it. */
    boolean claim(String key, String claim) {
        if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, claim, lease))) {
            return false;
        }
        held.put(key, claim);
        return true;
    }

    /**
     * Stops renewing {@code key} and keeps {@code answer} under it for {@code keepFor}, unless the
     * claim is no longer this request's: its lease ran out (renewals failed) and a retry claimed the
     * key, whose answer is then the one kept.
     */
    void finish(String key, String answer, Duration keepFor) {
        String claim = held.remove(key);
        if (claim != null && !Long.valueOf(1).equals(
                redis.execute(FINISH, List.of(key), claim, answer, Long.toString(keepFor.toMillis())))) {
            log.warn("An idempotency key's lease ran out before its request finished; the retry that claimed it "
                    + "keeps it (renewals failing, or a long pause?)");
        }
    }

    /** Stops renewing {@code key} and frees it for a retry, unless the claim is no longer this request's. */
    void abandon(String key) {
        String claim = held.remove(key);
        if (claim != null) {
            redis.execute(ABANDON, List.of(key), claim);
        }
    }

    /** Extends the lease of every key still held (on a timer, a third of a lease apart). */
    void renew() {
        held.forEach((key, claim) -> {
            try {
                redis.execute(RENEW, List.of(key), claim, Long.toString(lease.toMillis()));
            } catch (RuntimeException e) {
                // the next round tries again; a lease lost meanwhile only lets a retry in early
                log.warn("Could not renew the claim on an idempotency key: {}", e.toString());
            }
        });
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
