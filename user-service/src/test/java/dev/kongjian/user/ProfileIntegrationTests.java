package dev.kongjian.user;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kongjian.events.MediaEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;

class ProfileIntegrationTests extends UserServiceTestSupport {

    @Test
    void patchChangesOnlyTheListedFieldsAndAnnouncesIt() {
        User mei = newUser("Mei");

        var patched = http.send("PATCH", "/api/v1/users/me", mei.token(), """
                {"displayName":"Mei Lin","bio":"Hello","spaceVisibility":"FRIENDS",
                 "id":"hijack","username":"admin","roles":["ADMIN"],"createdAt":"2000-01-01T00:00:00Z"}""");

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        var body = patched.json();
        assertThat(body.path("id").asString()).isEqualTo(mei.id());
        assertThat(body.path("username").asString()).isEqualTo(mei.username());
        assertThat(body.path("displayName").asString()).isEqualTo("Mei Lin");
        assertThat(body.path("bio").asString()).isEqualTo("Hello");
        assertThat(body.path("spaceVisibility").asString()).isEqualTo("FRIENDS");
        var event = awaitEvent(UserEvent.ProfileUpdated.class, e -> e.userId().equals(mei.id()));
        assertThat(event.displayName()).isEqualTo("Mei Lin");
        assertThat(event.spaceVisibility()).isEqualTo(UserEvent.SpaceVisibility.FRIENDS);
    }

    @Test
    void anAvatarWhoseMediaWasDeletedIsNoLongerShownAndTheChangeIsAnnounced() throws Exception {
        User mei = newUser("Mei");
        User lin = newUser("Lin");
        String photo = "media-" + UUID.randomUUID();
        http.send("PATCH", "/api/v1/users/me", mei.token(), "{\"avatarMediaId\":\"%s\"}".formatted(photo));
        http.send("PATCH", "/api/v1/users/me", lin.token(), "{\"avatarMediaId\":\"kept\"}");

        publish(Topics.MEDIA_EVENTS, new MediaEvent.MediaDeleted(UUID.randomUUID().toString(), photo, mei.id(),
                Instant.now(), 1));

        var announced = awaitEvent(UserEvent.ProfileUpdated.class,
                e -> e.userId().equals(mei.id()) && e.avatarMediaId() == null);
        assertThat(announced.displayName()).isEqualTo("Mei");
        await().atMost(Duration.ofSeconds(10)).until(() -> http.send("GET", "/api/v1/users/me", mei.token(), null)
                .json().path("avatarMediaId").isNull());
        assertThat(http.send("GET", "/api/v1/users/me", lin.token(), null).json().path("avatarMediaId").asString())
                .isEqualTo("kept");

        // nor can it become anyone's avatar afterwards
        var late = http.send("PATCH", "/api/v1/users/me", lin.token(), "{\"avatarMediaId\":\"%s\"}".formatted(photo));
        assertProblem(late, 400);
        assertThat(late.json().path("errors").get(0).path("field").asString()).isEqualTo("avatarMediaId");
        assertThat(http.send("GET", "/api/v1/users/me", lin.token(), null).json().path("avatarMediaId").asString())
                .isEqualTo("kept");
    }

    @Test
    void anEmptyBioRemovesIt() {
        User mei = newUser("Mei");
        http.send("PATCH", "/api/v1/users/me", mei.token(), "{\"bio\":\"Hello\"}");

        var cleared = http.send("PATCH", "/api/v1/users/me", mei.token(), "{\"bio\":\"\"}").json();

        assertThat(cleared.path("bio").isNull() || cleared.path("bio").isMissingNode()).isTrue();
    }

    @Test
    void invalidChangesAreRefusedWithTheirFields() {
        User mei = newUser("Mei");

        var answer = http.send("PATCH", "/api/v1/users/me", mei.token(),
                "{\"displayName\":\"   \",\"bio\":\"" + "x".repeat(501) + "\"}");
        assertProblem(answer, 400);
        assertThat(answer.json().path("errors").toString()).contains("displayName").contains("bio");
        assertProblem(http.send("PATCH", "/api/v1/users/me", mei.token(), "{\"spaceVisibility\":\"EVERYONE\"}"), 400);
    }

    @Test
    void othersSeeThePublicViewAndUnknownUsersAre404() {
        User mei = newUser("Mei");
        User lin = newUser("Lin");

        var view = http.send("GET", "/api/v1/users/" + mei.id(), lin.token(), null);

        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().path("displayName").asString()).isEqualTo("Mei");
        assertThat(view.json().path("isFriend").asBoolean()).isFalse();
        assertThat(view.json().path("vip").asBoolean()).isFalse();
        assertThat(view.json().path("decorations").isArray()).isTrue();
        assertThat(view.body()).doesNotContain("password").doesNotContain("usernameLower");
        assertProblem(http.send("GET", "/api/v1/users/nobody-at-all", lin.token(), null), 404);
    }

    @Test
    void searchFindsByUsernameOrDisplayNamePrefixAndTreatsTheQueryAsText() {
        String marker = "Zq" + java.util.UUID.randomUUID().toString().substring(0, 6);
        User first = newUser(marker + " One");
        User second = newUser(marker + " Two");

        var page = http.send("GET", "/api/v1/users?query=" + marker.toLowerCase() + "&limit=1", first.token(), null)
                .json();
        assertThat(page.path("items")).hasSize(1);
        var next = http.send("GET", "/api/v1/users?query=" + marker + "&limit=1&cursor="
                + page.path("nextCursor").asString(), first.token(), null).json();
        assertThat(next.path("items")).hasSize(1);
        assertThat(java.util.Set.of(page.path("items").get(0).path("id").asString(),
                next.path("items").get(0).path("id").asString())).containsExactlyInAnyOrder(first.id(), second.id());

        assertThat(http.send("GET", "/api/v1/users?query=" + first.username(), first.token(), null).json()
                .path("items").get(0).path("id").asString()).isEqualTo(first.id());
        assertThat(http.send("GET", "/api/v1/users?query=.*", first.token(), null).json().path("items")).isEmpty();
        assertThat(http.send("GET", "/api/v1/users?query=%7B%22%24ne%22%3A1%7D", first.token(), null).status())
                .isEqualTo(200);
        assertProblem(http.send("GET", "/api/v1/users", first.token(), null), 400);
        // a NUL cannot travel in a MongoDB regular expression: it was a 500
        var withNul = http.send("GET", "/api/v1/users?query=a%00b", first.token(), null);
        assertProblem(withNul, 400);
        assertThat(withNul.json().path("errors").get(0).path("field").asString()).isEqualTo("query");
        assertProblem(http.send("GET", "/api/v1/users?query=%07", first.token(), null), 400);
    }
}
