package dev.kongjian.kit.idempotency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import dev.kongjian.kit.problem.Problems;
import dev.kongjian.kit.security.CurrentUser;
import dev.kongjian.kit.security.CurrentUserResolver;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on POST, after the IETF draft: the same key from the same user
 * replays the first answer (status and body) for 24 hours without repeating the effect; the
 * same key with another body is 422; a retry while the first still runs is 409. State lives
 * in Redis, so every instance agrees. A 5xx is not kept: the client may retry it. A key is held
 * while its first request runs ({@link RunningRequests}); an instance that dies lets go of its
 * keys within a lease, and an endpoint that creates something names it with {@link IdempotentIds}
 * so that the retry finds what the dead instance may already have stored.
 */
public final class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final StringRedisTemplate redis;
    private final RunningRequests running;
    private final JsonMapper json;
    private final IdempotencyProperties properties;
    private final String service;

    public IdempotencyFilter(StringRedisTemplate redis, RunningRequests running, JsonMapper json,
            IdempotencyProperties properties, String service) {
        this.redis = redis;
        this.running = running;
        this.json = json;
        this.properties = properties;
        this.service = service;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null || isUpload(request);
    }

    /**
     * An upload (multipart) is streamed, never held for a fingerprint and a replay: with a key it
     * would have been refused as too large to fingerprint. A service that takes uploads makes
     * them idempotent itself, by an id derived from the key (media-service).
     */
    static boolean isUpload(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
    }

    /** A key as the draft allows it: 1 to 64 visible ASCII characters. */
    public static boolean isValidKey(String key) {
        return !key.isEmpty() && key.length() <= 64 && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (!isValidKey(key)) {
            problem(response, HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
                    "Idempotency-Key must be 1 to 64 visible ASCII characters");
            return;
        }
        Optional<CurrentUser> user = CurrentUserResolver.current();
        if (user.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        var cached = new CachedBodyRequest(request, properties.maxBody().toBytes());
        if (cached.tooLarge()) {
            problem(response, HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                    "The request body is larger than " + properties.maxBody().toBytes() + " bytes");
            return;
        }
        String redisKey = "idem:" + service + ":" + user.get().id() + ":" + key;
        String fingerprint = fingerprint(request, cached.body());

        if (!running.claim(redisKey, json.writeValueAsString(StoredResponse.running(fingerprint)))) {
            answerFromStore(redisKey, fingerprint, response, cached, chain);
            return;
        }
        var capturing = new ContentCachingResponseWrapper(response);
        boolean finished = false;
        try {
            chain.doFilter(cached, capturing);
            if (capturing.getStatus() < 500) {
                var stored = StoredResponse.answer(fingerprint, capturing.getStatus(), capturing.getContentType(),
                        capturing.getHeader(HttpHeaders.LOCATION),
                        new String(capturing.getContentAsByteArray(), StandardCharsets.UTF_8));
                running.finish(redisKey, json.writeValueAsString(stored), properties.replayFor());
                finished = true;
            }
        } finally {
            if (!finished) {
                running.abandon(redisKey);
            }
            capturing.copyBodyToResponse();
        }
    }

    private void answerFromStore(String redisKey, String fingerprint, HttpServletResponse response,
            CachedBodyRequest request, FilterChain chain) throws IOException, ServletException {
        String raw = redis.opsForValue().get(redisKey);
        if (raw == null) {
            // the first request failed and released the key between our two calls: run as new
            doFilterInternal(request, response, chain);
            return;
        }
        StoredResponse stored = json.readValue(raw, StoredResponse.class);
        if (!stored.fingerprint().equals(fingerprint)) {
            problem(response, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    "This Idempotency-Key was used with a different request");
        } else if (!stored.finished()) {
            problem(response, HttpStatus.CONFLICT, "idempotency-key-in-use",
                    "A request with this Idempotency-Key is still being processed");
        } else {
            response.setStatus(stored.status());
            if (stored.contentType() != null) {
                response.setContentType(stored.contentType());
            }
            if (stored.location() != null) {
                response.setHeader(HttpHeaders.LOCATION, stored.location());
            }
            response.setHeader(REPLAYED_HEADER, "true");
            response.getOutputStream().write(stored.body().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void problem(HttpServletResponse response, HttpStatus status, String type, String detail)
            throws IOException {
        Problems.write(response, json, Problems.of(status, type, detail));
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.getMethod().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(request.getRequestURI().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
