package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InternalHeadersTests {

    @Test
    void platformHeadersAreInternalWhateverTheirCase() {
        assertThat(InternalHeaders.isInternal("X-Internal-Caller")).isTrue();
        assertThat(InternalHeaders.isInternal("x-kongjian-user-id")).isTrue();
        assertThat(InternalHeaders.isInternal("X-USER-ID")).isTrue();
        assertThat(InternalHeaders.isInternal("X-Served-By")).isTrue();
    }

    @Test
    void forwardingHeadersAreTheGatewaysToWrite() {
        assertThat(InternalHeaders.isInternal("X-Forwarded-For")).isTrue();
        assertThat(InternalHeaders.isInternal("x-forwarded-host")).isTrue();
        assertThat(InternalHeaders.isInternal("X-Forwarded-Proto")).isTrue();
        assertThat(InternalHeaders.isInternal("Forwarded")).isTrue();
        assertThat(InternalHeaders.isInternal("X-Real-IP")).isTrue();
    }

    @Test
    void ordinaryHeadersPass() {
        assertThat(InternalHeaders.isInternal("Authorization")).isFalse();
        assertThat(InternalHeaders.isInternal("Idempotency-Key")).isFalse();
        assertThat(InternalHeaders.isInternal("X-Request-Id")).isFalse();
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        assertThat(RateLimit.retryAfterSeconds(new GatewayProperties.Bucket(50, 100))).isEqualTo(1);
        assertThat(RateLimit.retryAfterSeconds(new GatewayProperties.Bucket(0, 1))).isEqualTo(1);
    }
}
