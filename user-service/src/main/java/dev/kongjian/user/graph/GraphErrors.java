package dev.kongjian.user.graph;

import org.springframework.http.HttpStatus;

import dev.kongjian.kit.problem.DomainException;

/** How friend requests and blocks refuse. */
final class GraphErrors {

    private GraphErrors() {
    }

    static final class AlreadyConnected extends DomainException {
        private static final long serialVersionUID = 1L;

        AlreadyConnected(String detail) {
            super(HttpStatus.CONFLICT, "already-connected", detail);
        }
    }

    static final class AlreadyAnswered extends DomainException {
        private static final long serialVersionUID = 1L;

        AlreadyAnswered(String answer) {
            super(HttpStatus.CONFLICT, "already-answered",
                    "That friend request was already " + answer.toLowerCase(java.util.Locale.ROOT));
        }
    }

    static final class NotTheAddressee extends DomainException {
        private static final long serialVersionUID = 1L;

        NotTheAddressee() {
            super(HttpStatus.FORBIDDEN, "not-the-addressee", "Only the person asked may answer a friend request");
        }
    }

    static final class NotYourself extends DomainException {
        private static final long serialVersionUID = 1L;

        NotYourself(String what) {
            super(HttpStatus.BAD_REQUEST, "not-yourself", "You cannot " + what + " yourself");
        }
    }
}
