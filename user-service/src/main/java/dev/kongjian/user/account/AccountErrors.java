package dev.kongjian.user.account;

import org.springframework.http.HttpStatus;

import dev.kongjian.kit.problem.DomainException;

/** The ways registration, login and a change of password refuse. */
final class AccountErrors {

    private AccountErrors() {
    }

    static final class UsernameTaken extends DomainException {
        private static final long serialVersionUID = 1L;

        UsernameTaken() {
            super(HttpStatus.CONFLICT, "username-taken", "That username is taken");
        }
    }

    static final class BadCredentials extends DomainException {
        private static final long serialVersionUID = 1L;

        BadCredentials() {
            super(HttpStatus.UNAUTHORIZED, "bad-credentials", "Wrong username or password");
        }
    }

    static final class InvalidRefreshToken extends DomainException {
        private static final long serialVersionUID = 1L;

        InvalidRefreshToken() {
            super(HttpStatus.UNAUTHORIZED, "invalid-refresh-token", "The refresh token is not valid; sign in again");
        }
    }

    static final class WrongPassword extends DomainException {
        private static final long serialVersionUID = 1L;

        WrongPassword() {
            super(HttpStatus.FORBIDDEN, "wrong-password", "The current password is not right");
        }
    }
}
