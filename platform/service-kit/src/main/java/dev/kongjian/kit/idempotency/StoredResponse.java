package dev.kongjian.kit.idempotency;

import java.util.UUID;

/**
 * What Redis keeps under one key: the request's fingerprint, and once it finished, the answer
 * to replay. {@code status == 0} while the first request still runs; {@code attempt} then tells
 * that request's claim from a later one's with the same body.
 */
record StoredResponse(String fingerprint, int status, String contentType, String location, String body,
        String attempt) {

    static StoredResponse running(String fingerprint) {
        return new StoredResponse(fingerprint, 0, null, null, null, UUID.randomUUID().toString());
    }

    static StoredResponse answer(String fingerprint, int status, String contentType, String location,
            String body) {
        return new StoredResponse(fingerprint, status, contentType, location, body, null);
    }

    boolean finished() {
        return status != 0;
    }
}
