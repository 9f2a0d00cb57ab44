package dev.kongjian.media;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class AlbumsIntegrationTests extends MediaServiceTestSupport {

    @Test
    void eachViewerSeesTheAlbumsTheirRelationAllows() {
        User mei = newUser();
        User friend = newUser();
        User stranger = newUser();
        befriend(mei, friend);
        String open = album(mei, "Street food", "PUBLIC");
        String friends = album(mei, "Family", "FRIENDS");
        String own = album(mei, "Drafts", "PRIVATE");

        assertThat(albumsOf(mei, mei)).containsExactly(own, friends, open);
        assertThat(albumsOf(friend, mei)).containsExactly(friends, open);
        assertThat(albumsOf(stranger, mei)).containsExactly(open);
        assertProblem(http.send("GET", "/api/v1/albums/" + friends + "/items", stranger.token(), null), 404);
        assertProblem(http.send("GET", "/api/v1/albums/" + own + "/items", friend.token(), null), 404);
        assertThat(http.send("GET", "/api/v1/albums/" + friends + "/items", friend.token(), null).status())
                .isEqualTo(200);
        assertProblem(http.send("GET", "/api/v1/users/nobody-at-all/albums", mei.token(), null), 404);
        var page = http.send("GET", "/api/v1/users/" + mei.id() + "/albums?limit=2", mei.token(), null).json();
        assertThat(page.path("items")).hasSize(2);
        assertThat(http.send("GET", "/api/v1/users/" + mei.id() + "/albums?cursor=" + page.path("nextCursor")
                .asString(), mei.token(), null).json().path("items")).hasSize(1);
    }

    @Test
    void aFriendshipOrAnOwnerTooNewForTheReplicaIsConfirmedWithUserService() {
        User mei = newUser();
        User lin = newUser();
        String family = album(mei, "Family", "FRIENDS");
        assertThat(albumsOf(lin, mei)).isEmpty();

        org.mockito.Mockito.when(directory.relationTo(mei.id()))
                .thenReturn(dev.kongjian.kit.users.UserDirectory.Relation.FRIEND);

        assertThat(albumsOf(lin, mei)).containsExactly(family);
        assertThat(http.send("GET", "/api/v1/albums/" + family + "/items", lin.token(), null).status())
                .isEqualTo(200);
        // someone this service has not heard of yet, without albums: user-service knows them
        org.mockito.Mockito.when(directory.relationTo("just-registered"))
                .thenReturn(dev.kongjian.kit.users.UserDirectory.Relation.OTHER);
        assertThat(http.send("GET", "/api/v1/users/just-registered/albums", lin.token(), null).status())
                .isEqualTo(200);
    }

    @Test
    void theOwnerFillsAnAlbumWithTheirOwnMediaOnce() {
        User mei = newUser();
        User lin = newUser();
        String trip = album(mei, "Trip", "PUBLIC");
        String first = uploaded(mei, image("png", 30, 30));
        String linsPhoto = uploaded(lin, image("png", 30, 30));

        var added = http.send("POST", "/api/v1/albums/" + trip + "/items", mei.token(),
                "{\"mediaId\":\"%s\"}".formatted(first));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().path("media").path("id").asString()).isEqualTo(first);
        assertThat(http.send("POST", "/api/v1/albums/" + trip + "/items", mei.token(),
                "{\"mediaId\":\"%s\"}".formatted(first)).status()).isEqualTo(200);
        var second = upload(mei, image("jpg", 50, 40), "b.jpg", "image/jpeg", trip);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);

        assertProblem(http.send("POST", "/api/v1/albums/" + trip + "/items", mei.token(),
                "{\"mediaId\":\"%s\"}".formatted(linsPhoto)), 403);
        assertProblem(http.send("POST", "/api/v1/albums/" + trip + "/items", lin.token(),
                "{\"mediaId\":\"%s\"}".formatted(linsPhoto)), 403);
        assertThat(upload(lin, image("png", 30, 30), "c.png", "image/png", trip).statusCode()).isEqualTo(403);
        assertProblem(http.send("POST", "/api/v1/albums/" + trip + "/items", mei.token(), "{\"mediaId\":\"nope\"}"),
                404);
        assertProblem(http.send("POST", "/api/v1/albums/" + trip + "/items", mei.token(), "{}"), 400);

        List<String> items = new ArrayList<>();
        var page = http.send("GET", "/api/v1/albums/" + trip + "/items", lin.token(), null).json();
        page.path("items").forEach(item -> items.add(item.path("media").path("id").asString()));
        assertThat(items).hasSize(2).endsWith(first);
        assertThat(http.send("GET", "/api/v1/albums/" + trip, lin.token(), null).json().path("itemCount").asLong())
                .isEqualTo(2);
        http.send("DELETE", "/api/v1/media/" + first, mei.token(), null);
        assertThat(http.send("GET", "/api/v1/albums/" + trip + "/items", lin.token(), null).json().path("items"))
                .hasSize(1);
    }

    @Test
    void theOwnerRenamesAnAlbumNarrowsItTakesMediaOutAndDeletesItKeepingTheMedia() {
        User mei = newUser();
        User friend = newUser();
        befriend(mei, friend);
        String trip = album(mei, "Trip", "PUBLIC");
        String photo = uploaded(mei, image("png", 30, 30));
        String other = uploaded(mei, image("png", 20, 20));
        http.send("POST", "/api/v1/albums/" + trip + "/items", mei.token(), "{\"mediaId\":\"%s\"}".formatted(photo));
        http.send("POST", "/api/v1/albums/" + trip + "/items", mei.token(), "{\"mediaId\":\"%s\"}".formatted(other));

        var renamed = http.send("PATCH", "/api/v1/albums/" + trip, mei.token(), "{\"title\":\" Kyoto \"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().path("title").asString()).isEqualTo("Kyoto");
        assertThat(renamed.json().path("visibility").asString()).isEqualTo("PUBLIC");
        assertProblem(http.send("PATCH", "/api/v1/albums/" + trip, friend.token(), "{\"title\":\"mine\"}"), 403);
        assertProblem(http.send("PATCH", "/api/v1/albums/" + trip, mei.token(), "{\"title\":\"  \"}"), 400);
        assertProblem(http.send("PATCH", "/api/v1/albums/" + trip, mei.token(), "{\"visibility\":\"SECRET\"}"), 400);
        assertThat(http.send("PATCH", "/api/v1/albums/" + trip, mei.token(), "{\"visibility\":\"PRIVATE\"}").json()
                .path("title").asString()).isEqualTo("Kyoto");
        assertProblem(http.send("GET", "/api/v1/albums/" + trip, friend.token(), null), 404);
        assertThat(albumsOf(friend, mei)).isEmpty();

        assertThat(http.send("DELETE", "/api/v1/albums/" + trip + "/items/" + photo, mei.token(), null).status())
                .isEqualTo(204);
        assertProblem(http.send("DELETE", "/api/v1/albums/" + trip + "/items/" + photo, mei.token(), null), 404);
        assertThat(http.send("GET", "/api/v1/albums/" + trip, mei.token(), null).json().path("itemCount").asLong())
                .isEqualTo(1);
        assertThat(http.send("GET", "/api/v1/media/" + photo, mei.token(), null).status()).isEqualTo(200);

        assertProblem(http.send("DELETE", "/api/v1/albums/" + trip, friend.token(), null), 404);
        assertThat(http.send("DELETE", "/api/v1/albums/" + trip, mei.token(), null).status()).isEqualTo(204);
        assertProblem(http.send("GET", "/api/v1/albums/" + trip, mei.token(), null), 404);
        assertProblem(http.send("DELETE", "/api/v1/albums/" + trip, mei.token(), null), 404);
        assertThat(albumsOf(mei, mei)).isEmpty();
        assertThat(mongo.getCollection("album_items").countDocuments(new org.bson.Document("albumId", trip))).isZero();
        assertThat(http.send("GET", "/api/v1/media/" + other, mei.token(), null).status()).isEqualTo(200);
    }

    @Test
    void anAlbumWhoseDeletionDiedHalfwayIsHiddenAndTheOwnersNextTryFinishesIt() {
        User mei = newUser();
        String trip = album(mei, "Trip", "PUBLIC");
        String photo = uploaded(mei, image("png", 30, 30));
        http.send("POST", "/api/v1/albums/" + trip + "/items", mei.token(), "{\"mediaId\":\"%s\"}".formatted(photo));
        // the first attempt marked it and died before removing anything
        mongo.getCollection("albums").updateOne(new org.bson.Document("_id", trip),
                new org.bson.Document("$set", new org.bson.Document("deleted", true)));

        assertProblem(http.send("GET", "/api/v1/albums/" + trip, mei.token(), null), 404);
        assertThat(albumsOf(mei, mei)).isEmpty();
        assertProblem(http.send("POST", "/api/v1/albums/" + trip + "/items", mei.token(),
                "{\"mediaId\":\"%s\"}".formatted(photo)), 404);
        assertThat(http.send("DELETE", "/api/v1/albums/" + trip, mei.token(), null).status()).isEqualTo(204);
        assertThat(mongo.getCollection("albums").countDocuments(new org.bson.Document("_id", trip))).isZero();
        assertThat(mongo.getCollection("album_items").countDocuments(new org.bson.Document("albumId", trip))).isZero();
    }

    @Test
    void anAlbumNeedsATitleAndAVisibility() {
        User mei = newUser();
        assertProblem(http.send("POST", "/api/v1/albums", mei.token(), "{\"title\":\"x\",\"visibility\":\"SECRET\"}"),
                400);
        assertProblem(http.send("POST", "/api/v1/albums", mei.token(), "{\"visibility\":\"PUBLIC\"}"), 400);
        assertProblem(http.send("POST", "/api/v1/albums", mei.token(), "{\"title\":\"x\"}"), 400);
        assertProblem(http.send("POST", "/api/v1/albums", mei.token(),
                "{\"title\":\"%s\",\"visibility\":\"PUBLIC\"}".formatted("t".repeat(101))), 400);
    }

    private String album(User owner, String title, String visibility) {
        var created = http.send("POST", "/api/v1/albums", owner.token(),
                "{\"title\":\"%s\",\"visibility\":\"%s\"}".formatted(title, visibility));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private List<String> albumsOf(User viewer, User owner) {
        List<String> ids = new ArrayList<>();
        JsonNode page = http.send("GET", "/api/v1/users/" + owner.id() + "/albums", viewer.token(), null).json();
        page.path("items").forEach(album -> ids.add(album.path("id").asString()));
        return ids;
    }
}
