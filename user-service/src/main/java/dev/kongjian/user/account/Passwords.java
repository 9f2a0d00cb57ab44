package dev.kongjian.user.account;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id at OWASP's minimum (19 MiB, t = 2, p = 1). An unknown username is checked against a
 * fixed hash so that it costs the same time as a wrong password.
 */
@Component
class Passwords {

    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private final String decoy = encoder.encode("decoy-password-for-unknown-users");

    String hash(String password) {
        return encoder.encode(password);
    }

    boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /** Spends the time of a real check, for an account that does not exist. */
    void burn(String password) {
        encoder.matches(password, decoy);
    }
}
