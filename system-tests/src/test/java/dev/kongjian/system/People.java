package dev.kongjian.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import dev.kongjian.testing.HttpTestClient;

/** People signing up, signing in and befriending each other through the gateway, as the app does it. */
final class People {

    record User(String id, String username, String token, String refreshToken) {
    }

    private People() {
    }

    static User signUp(HttpTestClient gateway, String displayName) {
        String username = "sj_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        var registered = gateway.send("POST", "/api/v1/auth/register", null,
                "{\"username\":\"%s\",\"password\":\"correct horse battery\",\"displayName\":\"%s\"}"
                        .formatted(username, displayName));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        User user = login(gateway, username);
        return new User(registered.json().path("id").asString(), username, user.token(), user.refreshToken());
    }

    static User login(HttpTestClient gateway, String username) {
        var login = gateway.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"%s\",\"password\":\"correct horse battery\"}".formatted(username));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return new User(null, username, login.json().path("accessToken").asString(),
                login.json().path("refreshToken").asString());
    }

    /** {@code asking} sends a friend request and {@code answering} accepts it. */
    static void befriend(HttpTestClient gateway, User asking, User answering) {
        var request = gateway.send("POST", "/api/v1/friends/requests", asking.token(),
                "{\"toUserId\":\"%s\"}".formatted(answering.id()));
        assertThat(request.status()).as(request.body()).isEqualTo(201);
        var accepted = gateway.send("POST", "/api/v1/friends/requests/" + request.json().path("id").asString()
                + "/accept", answering.token(), null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }
}
