package dev.kongjian.kit.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotentIdsTests {

    @Test
    void everyRetryOfARequestNamesTheSameDocument() {
        assertThat(IdempotentIds.newId("key-1", "post", "mei")).isEqualTo(IdempotentIds.newId("key-1", "post", "mei"));
    }

    @Test
    void theSameKeyNamesDifferentDocumentsForAnotherCallerOrKind() {
        String mine = IdempotentIds.newId("key-1", "post", "mei");

        assertThat(IdempotentIds.newId("key-1", "post", "lin")).isNotEqualTo(mine);
        assertThat(IdempotentIds.newId("key-1", "comment", "mei")).isNotEqualTo(mine);
        assertThat(IdempotentIds.newId("key-2", "post", "mei")).isNotEqualTo(mine);
        // the parts are kept apart: "po" + "stmei" is not "post" + "mei"
        assertThat(IdempotentIds.newId("key-1", "po", "stmei")).isNotEqualTo(mine);
    }

    @Test
    void withoutAKeyEveryIdIsNew() {
        assertThat(IdempotentIds.newId(null, "post", "mei")).isNotEqualTo(IdempotentIds.newId(null, "post", "mei"));
    }
}
