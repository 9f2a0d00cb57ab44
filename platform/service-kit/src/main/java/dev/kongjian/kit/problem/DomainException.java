package dev.kongjian.kit.problem;

import org.springframework.http.HttpStatus;

/**
 * The base of every exception a service throws on purpose: it knows its HTTP status and a
 * short, stable problem type; its message is safe to show to the client.
 */
public abstract class DomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String type;

    protected DomainException(HttpStatus status, String type, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
    }

    public HttpStatus status() {
        return status;
    }

    /** A slug such as {@code post-not-found}; the problem's {@code type} is a URI built from it. */
    public String type() {
        return type;
    }

    /** Response headers that belong to this answer, such as {@code Retry-After}. */
    public java.util.Map<String, String> headers() {
        return java.util.Map.of();
    }
}
