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
 * with other settings still match: each carries its own. Hashes are computed one fewer at once than
 * there are cores, at least one: they are CPU-bound, so more would not finish sooner, a burst of
 * sign-ins leaves a core to every other request, and without a bound a burst on virtual threads
 * would hold a hash's memory each until the heap ran out. On two cores that is one at a time, which
 * is also what keeps the heap small: a hash's 7 MiB is alive for all of its 35-40 ms, so a young
 * collection usually lands in one, and what the survivor space cannot hold is promoted to the old
 * generation and stays there until a full collection (the local stack gives user-service survivor
 * spaces that hold one hash). An unknown username is checked against a fixed hash so that it costs
 * the same time as a wrong password.
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
                hashesAtOnce(Runtime.getRuntime().availableProcessors()));
    }

    Passwords(PasswordEncoder encoder, int atOnce) {
        this.encoder = encoder;
        this.computing = new Semaphore(atOnce, true);
        this.decoy = encoder.encode("decoy-password-for-unknown-users");
    }

    /** One fewer than there are cores, at least one. */
    static int hashesAtOnce(int cores) {
        return Math.max(1, cores - 1);
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
