package dev.kongjian.user.account;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id at one of OWASP's equivalent minimum settings: 7 MiB, t = 5, p = 1 (the same defence
 * as 19 MiB with t = 2, for the same CPU time, in the memory a 144 MB heap can spare). Hashes made
 * with other settings still match: each carries its own. At most one hash per core is computed at
 * once — they are CPU-bound, so more would not finish sooner, and without a bound a burst of
 * sign-ins on virtual threads would hold a hash's memory each until the heap ran out. An unknown
 * username is checked against a fixed hash so that it costs the same time as a wrong password.
 */
@Component
class Passwords {

    static final int MEMORY_KIB = 7 * 1024;
    static final int ITERATIONS = 5;

    private final PasswordEncoder encoder;
    private final Semaphore computing;
    private final String decoy;

    @Autowired
    Passwords() {
        this(new Argon2PasswordEncoder(16, 32, 1, MEMORY_KIB, ITERATIONS),
                Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    Passwords(PasswordEncoder encoder, int atOnce) {
        this.encoder = encoder;
        this.computing = new Semaphore(atOnce, true);
        this.decoy = encoder.encode("decoy-password-for-unknown-users");
    }

    String hash(String password) {
        return bounded(() -> encoder.encode(password));
    }

    boolean matches(String password, String hash) {
        return bounded(() -> encoder.matches(password, hash));
    }

    /** Spends the time of a real check, for an account that does not exist. */
    void burn(String password) {
        matches(password, decoy);
    }

    private <T> T bounded(Supplier<T> work) {
        computing.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            computing.release();
        }
    }
}
