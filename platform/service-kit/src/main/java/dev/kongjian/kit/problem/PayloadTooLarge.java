package dev.kongjian.kit.problem;

import org.springframework.http.HttpStatus;

/** The request body is larger than the endpoint accepts. */
public class PayloadTooLarge extends DomainException {

    private static final long serialVersionUID = 1L;

    public PayloadTooLarge(long limitBytes) {
        super(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                "The request body is larger than " + limitBytes + " bytes");
    }
}
