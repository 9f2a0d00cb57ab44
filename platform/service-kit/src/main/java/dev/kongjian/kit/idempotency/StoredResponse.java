package dev.kongjian.kit.idempotency;

/**
 * What Redis keeps under one key: the request's fingerprint, and once it finished, the answer
 * to replay. {@code status == 0} while the first request still runs.
 */
record StoredResponse(String fingerprint, int status, String contentType, String location, String body) {

    static StoredResponse running(String fingerprint) {
        return new StoredResponse(fingerprint, 0, null, null, null);
    }

    boolean finished() {
        return status != 0;
    }
}
