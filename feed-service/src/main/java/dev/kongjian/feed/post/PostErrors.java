package dev.kongjian.feed.post;

import org.springframework.http.HttpStatus;

import dev.kongjian.kit.problem.DomainException;

/** How post writes refuse. */
final class PostErrors {

    private PostErrors() {
    }

    static final class NotTheAuthor extends DomainException {
        private static final long serialVersionUID = 1L;

        NotTheAuthor() {
            super(HttpStatus.FORBIDDEN, "not-the-author", "Only the author may change or delete a post");
        }
    }
}
