package dev.kongjian.user.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class PasswordsTests {

    @Test
    void aPasswordMatchesItsHashAndNothingElse() {
        var passwords = new Passwords();
        String hash = passwords.hash("correct horse");

        assertThat(hash).startsWith("$argon2id$").contains("m=7168,t=5,p=1");
        assertThat(passwords.matches("correct horse", hash)).isTrue();
        assertThat(passwords.matches("wrong horse", hash)).isFalse();
    }

    @Test
    void hashesMadeWithTheEarlierSettingsStillMatch() {
        String earlier = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2).encode("made last year");

        assertThat(new Passwords().matches("made last year", earlier)).isTrue();
    }

    @Test
    void aCoreIsLeftToOtherRequests() {
        assertThat(Passwords.hashesAtOnce(1)).isEqualTo(1);
        assertThat(Passwords.hashesAtOnce(2)).isEqualTo(1);
        assertThat(Passwords.hashesAtOnce(8)).isEqualTo(7);
    }

    @Test
    void noMoreHashesAreComputedAtOnceThanAllowed() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        PasswordEncoder slow = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                int now = running.incrementAndGet();
                most.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return "hash";
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return encode(raw).equals(encoded);
            }
        };
        var passwords = new Passwords(slow, 2);
        most.set(0);

        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                threads.submit(() -> passwords.matches("secret", "hash"));
            }
        }

        assertThat(most.get()).isBetween(1, 2);
    }
}
