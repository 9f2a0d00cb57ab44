package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class TokenBucketsTests {

    static final GatewayProperties.Bucket TEN_AT_FIVE_A_SECOND = new GatewayProperties.Bucket(5, 10);

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final List<List<TokenBuckets.Taken>> calls = new ArrayList<>();
    /** What the fake shared store answers for every key of a call. */
    long sharedRemaining = 100;
    final TokenBuckets buckets = new TokenBuckets(taken -> {
        calls.add(taken);
        return Mono.just(taken.stream().map(each -> sharedRemaining).toList());
    }, Duration.ofMillis(100), now::get);

    @Test
    void aBucketLetsItsBurstThroughThenRefusesUntilItsNextTokenIsDue() {
        assertThat(takes("alice", 10)).isEqualTo(10);
        assertThat(buckets.tryTake("user:alice", TEN_AT_FIVE_A_SECOND)).isFalse();
        assertThat(buckets.tryTake("user:bob", TEN_AT_FIVE_A_SECOND)).isTrue();

        now.addAndGet(Duration.ofMillis(199).toNanos());
        assertThat(buckets.tryTake("user:alice", TEN_AT_FIVE_A_SECOND)).isFalse();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(buckets.tryTake("user:alice", TEN_AT_FIVE_A_SECOND)).isTrue();
    }

    @Test
    void whatWasTakenIsReportedAtTheNextSyncEveryKeyInOneCall() {
        takes("alice", 3);
        takes("bob", 2);

        buckets.sync().block();
        buckets.sync().block();

        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst()).extracting(TokenBuckets.Taken::key, TokenBuckets.Taken::tokens)
                .containsExactlyInAnyOrder(tuple("user:alice", 3L),
                        tuple("user:bob", 2L));
    }

    @Test
    void aSyncLowersTheBucketHereToWhatOtherInstancesLeftInTheSharedOne() {
        takes("alice", 1);
        sharedRemaining = 0;

        buckets.sync().block();

        assertThat(buckets.tryTake("user:alice", TEN_AT_FIVE_A_SECOND)).isFalse();
    }

    @Test
    void tokensTakenWhileASyncIsUnderwayStillCount() {
        Sinks.One<List<Long>> answer = Sinks.one();
        TokenBuckets slow = new TokenBuckets(taken -> answer.asMono(), Duration.ofMillis(100), now::get);
        for (int i = 0; i < 2; i++) {
            slow.tryTake("user:alice", TEN_AT_FIVE_A_SECOND);
        }
        var sync = slow.sync().toFuture();
        slow.tryTake("user:alice", TEN_AT_FIVE_A_SECOND);

        // the shared bucket held 5 once the first two were taken; the third came after
        answer.tryEmitValue(List.of(5L));
        sync.join();

        assertThat(IntStream.range(0, 10).filter(i -> slow.tryTake("user:alice", TEN_AT_FIVE_A_SECOND)).count())
                .isEqualTo(4);
    }

    @Test
    void withRedisDownEachInstanceGoesOnLimitingAlone() {
        TokenBuckets alone = new TokenBuckets(taken -> Mono.error(new IllegalStateException("Redis is down")),
                Duration.ofMillis(100), now::get);
        for (int i = 0; i < 10; i++) {
            alone.tryTake("user:alice", TEN_AT_FIVE_A_SECOND);
        }

        alone.sync().block();

        assertThat(alone.tryTake("user:alice", TEN_AT_FIVE_A_SECOND)).isFalse();
        assertThat(alone.tryTake("user:bob", TEN_AT_FIVE_A_SECOND)).isTrue();
    }

    @Test
    void manyKeysAreReportedInCallsOfBoundedSize() {
        int keys = TokenBuckets.KEYS_PER_CALL * 2 + 1;
        for (int i = 0; i < keys; i++) {
            buckets.tryTake("user:" + i, TEN_AT_FIVE_A_SECOND);
        }

        buckets.sync().block();

        assertThat(calls).extracting(List::size)
                .containsExactly(TokenBuckets.KEYS_PER_CALL, TokenBuckets.KEYS_PER_CALL, 1);
    }

    private int takes(String user, int times) {
        int taken = 0;
        for (int i = 0; i < times; i++) {
            taken += buckets.tryTake("user:" + user, TEN_AT_FIVE_A_SECOND) ? 1 : 0;
        }
        return taken;
    }
}
