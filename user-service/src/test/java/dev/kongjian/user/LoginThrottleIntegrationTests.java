package dev.kongjian.user;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginThrottleIntegrationTests extends UserServiceTestSupport {

    @Test
    void afterFiveFailuresTheAccountIsLockedForAWhileEvenForTheRightPassword() {
        User mei = newUser("Mei");
        for (int i = 0; i < 5; i++) {
            assertProblem(login(mei.username(), "wrong password", "203.0.113." + i), 401);
        }

        var locked = login(mei.username(), "correct horse", "203.0.113.99");

        assertProblem(locked, 429);
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 900L);
    }

    @Test
    void oneAddressTryingManyAccountsIsLimitedToo() {
        String address = "198.51.100." + (int) (Math.random() * 250);
        for (int i = 0; i < 50; i++) {
            login("nobody_" + i + "_" + address.hashCode(), "wrong password", address);
        }

        assertProblem(login("someone_else", "whatever pass", address), 429);
    }

    @Test
    void aSuccessfulLoginClearsTheCount() {
        User mei = newUser("Mei");
        for (int i = 0; i < 4; i++) {
            login(mei.username(), "wrong password", "192.0.2.1");
        }
        assertThat(login(mei.username(), "correct horse", "192.0.2.1").status()).isEqualTo(200);

        for (int i = 0; i < 4; i++) {
            login(mei.username(), "wrong password", "192.0.2.1");
        }
        assertThat(login(mei.username(), "correct horse", "192.0.2.1").status()).isEqualTo(200);
    }

    private dev.kongjian.testing.HttpTestClient.Answer login(String username, String password, String address) {
        return http.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password), "X-Forwarded-For",
                address);
    }
}
