package dev.kongjian.kit.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids for what a request creates. Without an {@code Idempotency-Key} an id is random. With one it
 * is derived from the key and what the key is scoped to (the kind of thing, the caller), so every
 * retry of the request names the same document: if the instance that first ran it died after
 * storing the document but before its answer was kept, the retry's insert collides with that
 * document instead of storing a second one, and can answer it.
 */
public final class IdempotentIds {

    private IdempotentIds() {
    }

    /**
     * A new id: random where {@code idempotencyKey} is null, else the same for the same key and
     * scope (for example {@code "post", authorId}).
     */
    public static String newId(String idempotencyKey, String... scope) {
        if (idempotencyKey == null) {
            return UUID.randomUUID().toString();
        }
        String name = String.join("\u0000", scope) + "\u0000" + idempotencyKey;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
