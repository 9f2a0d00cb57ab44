package dev.kongjian.kit.problem;

import java.util.List;

import org.springframework.http.HttpStatus;

/** A request that breaks a rule no annotation expresses; carries the offending fields. */
public class InvalidRequest extends DomainException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    public InvalidRequest(String field, String message) {
        super(HttpStatus.BAD_REQUEST, "invalid-request", "The request is not valid");
        this.errors = List.of(new FieldError(field, message));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
