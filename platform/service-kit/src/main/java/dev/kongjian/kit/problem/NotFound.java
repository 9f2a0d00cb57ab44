package dev.kongjian.kit.problem;

import org.springframework.http.HttpStatus;

/** The thing does not exist, or the caller may not know that it does. */
public class NotFound extends DomainException {

    private static final long serialVersionUID = 1L;

    public NotFound(String what) {
        super(HttpStatus.NOT_FOUND, "not-found", what + " was not found");
    }
}
