package dev.kongjian.system;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.kongjian.system.People.User;
import dev.kongjian.testing.HttpTestClient;
import tools.jackson.databind.JsonNode;

/** user-service's endpoints, driven through the gateway of the running stack as the app would. */
@ExtendWith(StackLogsOnFailure.class)
class UserJourneySystemTests {

    static HttpTestClient gateway;

    @BeforeAll
    static void start() {
        gateway = new HttpTestClient(RunningStack.get().gatewayUrl());
    }

    @Test
    void twoPeopleMeetBecomeFriendsAndOneBlocksTheOther() {
        User mei = signUp("Mei");
        User lin = signUp("Lin");

        var found = gateway.send("GET", "/api/v1/users?query=" + lin.username(), mei.token(), null);
        assertThat(found.json().path("items").get(0).path("id").asString()).isEqualTo(lin.id());

        var request = gateway.send("POST", "/api/v1/friends/requests", mei.token(),
                "{\"toUserId\":\"%s\",\"message\":\"Remember me?\"}".formatted(lin.id()));
        assertThat(request.status()).as(request.body()).isEqualTo(201);
        var incoming = gateway.send("GET", "/api/v1/friends/requests?direction=incoming", lin.token(), null).json();
        assertThat(incoming.path("items").get(0).path("message").asString()).isEqualTo("Remember me?");
        assertProblem(gateway.send("POST", "/api/v1/friends/requests", lin.token(),
                "{\"toUserId\":\"%s\"}".formatted(mei.id())), 409);
        assertThat(incoming.path("items").get(0).path("from").path("displayName").asString()).isEqualTo("Mei");
        String accept = "/api/v1/friends/requests/" + request.json().path("id").asString() + "/accept";
        assertThat(gateway.send("POST", accept, lin.token(), null).status()).isEqualTo(200);
        // the app retries after losing the answer
        assertThat(gateway.send("POST", accept, lin.token(), null).json().path("status").asString())
                .isEqualTo("ACCEPTED");

        JsonNode friend = gateway.send("GET", "/api/v1/friends", mei.token(), null).json().path("items").get(0);
        assertThat(friend.path("userId").asString()).isEqualTo(lin.id());
        assertThat(friend.path("displayName").asString()).isEqualTo("Lin");
        assertThat(gateway.send("GET", "/api/v1/users/" + lin.id(), mei.token(), null).json().path("isFriend")
                .asBoolean()).isTrue();

        assertThat(gateway.send("POST", "/api/v1/blocks/" + mei.id(), lin.token(), null).status()).isEqualTo(204);
        assertThat(gateway.send("GET", "/api/v1/friends", mei.token(), null).json().path("items")).isEmpty();
        assertProblem(gateway.send("GET", "/api/v1/users/" + lin.id(), mei.token(), null), 404);
        assertProblem(gateway.send("POST", "/api/v1/friends/requests", mei.token(),
                "{\"toUserId\":\"%s\"}".formatted(lin.id())), 404);
    }

    @Test
    void requestsCanBeDeclinedFriendsRemovedBlocksLifted() {
        User mei = signUp("Mei");
        User lin = signUp("Lin");
        String first = gateway.send("POST", "/api/v1/friends/requests", mei.token(),
                "{\"toUserId\":\"%s\"}".formatted(lin.id())).json().path("id").asString();
        assertThat(gateway.send("POST", "/api/v1/friends/requests/" + first + "/decline", lin.token(), null).json()
                .path("status").asString()).isEqualTo("DECLINED");
        assertThat(gateway.send("GET", "/api/v1/friends/requests?direction=outgoing", mei.token(), null).json()
                .path("items")).isEmpty();

        String second = gateway.send("POST", "/api/v1/friends/requests", mei.token(),
                "{\"toUserId\":\"%s\"}".formatted(lin.id())).json().path("id").asString();
        gateway.send("POST", "/api/v1/friends/requests/" + second + "/accept", lin.token(), null);
        assertThat(gateway.send("DELETE", "/api/v1/friends/" + mei.id(), lin.token(), null).status()).isEqualTo(204);
        assertThat(gateway.send("GET", "/api/v1/friends", mei.token(), null).json().path("items")).isEmpty();

        assertThat(gateway.send("POST", "/api/v1/blocks/" + lin.id(), mei.token(), null).status()).isEqualTo(204);
        assertProblem(gateway.send("GET", "/api/v1/users/" + mei.id(), lin.token(), null), 404);
        assertThat(gateway.send("GET", "/api/v1/blocks", mei.token(), null).json().path("items").get(0)
                .path("userId").asString()).isEqualTo(lin.id());
        assertThat(gateway.send("DELETE", "/api/v1/blocks/" + lin.id(), mei.token(), null).status()).isEqualTo(204);
        assertThat(gateway.send("GET", "/api/v1/blocks", mei.token(), null).json().path("items")).isEmpty();
        assertThat(gateway.send("GET", "/api/v1/users/" + mei.id(), lin.token(), null).status()).isEqualTo(200);
    }

    @Test
    void onlyOwnedDecorationsCanBeShown() {
        User mei = signUp("Mei");

        assertProblem(gateway.send("PUT", "/api/v1/users/me/decorations/active", mei.token(),
                "{\"itemIds\":[\"frame-i-never-bought\"]}"), 400);
        var none = gateway.send("PUT", "/api/v1/users/me/decorations/active", mei.token(), "{\"itemIds\":[]}");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().path("activeItemIds")).isEmpty();
    }

    @Test
    void aProfileIsEditedAndOthersSeeThePublicView() {
        User mei = signUp("Mei");
        User lin = signUp("Lin");

        var patched = gateway.send("PATCH", "/api/v1/users/me", mei.token(),
                "{\"displayName\":\"Mei Lin\",\"bio\":\"Tea and hiking\",\"username\":\"root\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("username").asString()).isEqualTo(mei.username());

        var view = gateway.send("GET", "/api/v1/users/" + mei.id(), lin.token(), null).json();
        assertThat(view.path("displayName").asString()).isEqualTo("Mei Lin");
        assertThat(view.path("bio").asString()).isEqualTo("Tea and hiking");
        assertThat(view.path("isFriend").asBoolean()).isFalse();
        assertProblem(gateway.send("GET", "/api/v1/users/" + mei.id() + "/visitors", lin.token(), null), 403);
        assertThat(gateway.send("GET", "/api/v1/users/" + mei.id() + "/visitors", mei.token(), null).status())
                .isEqualTo(200);
        assertThat(gateway.send("GET", "/api/v1/users/me/decorations", mei.token(), null).json().path("items"))
                .isEmpty();
    }

    @Test
    void tokensRefreshRotateAndLogoutEndsTheLogin() {
        User mei = signUp("Mei");

        var refreshed = gateway.send("POST", "/api/v1/auth/refresh", null,
                "{\"refreshToken\":\"%s\"}".formatted(mei.refreshToken()));
        assertThat(refreshed.status()).isEqualTo(200);
        assertProblem(gateway.send("POST", "/api/v1/auth/refresh", null,
                "{\"refreshToken\":\"%s\"}".formatted(mei.refreshToken())), 401);

        User again = login(mei.username());
        assertThat(gateway.send("POST", "/api/v1/auth/logout", again.token(), null).status()).isEqualTo(204);
        assertProblem(gateway.send("POST", "/api/v1/auth/refresh", null,
                "{\"refreshToken\":\"%s\"}".formatted(again.refreshToken())), 401);
    }

    @Test
    void aNewPasswordEndsEveryOtherLogin() {
        User mei = signUp("Mei");
        User phone = login(mei.username());

        var changed = gateway.send("POST", "/api/v1/auth/password", mei.token(),
                "{\"currentPassword\":\"correct horse battery\",\"newPassword\":\"battery staple\"}");

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertProblem(gateway.send("POST", "/api/v1/auth/refresh", null,
                "{\"refreshToken\":\"%s\"}".formatted(phone.refreshToken())), 401);
        assertThat(gateway.send("GET", "/api/v1/users/me", changed.json().path("accessToken").asString(), null)
                .status()).isEqualTo(200);
        assertProblem(gateway.send("POST", "/api/v1/auth/password", null,
                "{\"currentPassword\":\"battery staple\",\"newPassword\":\"x\"}"), 401);
    }

    @Test
    void badSignUpsAndSignInsGetClearAnswers() {
        User mei = signUp("Mei");

        assertProblem(gateway.send("POST", "/api/v1/auth/register", null,
                "{\"username\":\"%s\",\"password\":\"another pass\",\"displayName\":\"X\"}".formatted(mei.username())),
                409);
        assertProblem(gateway.send("POST", "/api/v1/auth/register", null,
                "{\"username\":\"%s\",\"password\":\"another pass\",\"displayName\":\"X\"}"
                        .formatted(mei.username().toUpperCase())), 409);
        var badVisibility = gateway.send("PATCH", "/api/v1/users/me", mei.token(), "{\"spaceVisibility\":\"EVERYONE\"}");
        assertProblem(badVisibility, 400);
        assertThat(badVisibility.json().path("errors").get(0).path("field").asString()).isEqualTo("spaceVisibility");
        assertProblem(gateway.send("POST", "/api/v1/auth/register", null,
                "{\"username\":\"A!\",\"password\":\"short\",\"displayName\":\"\"}"), 400);
        assertProblem(gateway.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"%s\",\"password\":\"wrong password\"}".formatted(mei.username())), 401);
        assertProblem(gateway.send("POST", "/api/v1/auth/login", null, "{not json"), 400);
    }

    static User signUp(String displayName) {
        return People.signUp(gateway, displayName);
    }

    static User login(String username) {
        return People.login(gateway, username);
    }
}
