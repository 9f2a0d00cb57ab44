package dev.kongjian.system;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.kongjian.system.People.User;
import dev.kongjian.testing.HttpTestClient;

/** media-service through the gateway of the running stack: a photo uploaded, served in ranges, thumbnailed, put in an album and posted. */
class MediaJourneySystemTests extends Journey {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void aPhotoIsUploadedServedThumbnailedAlbumedAndPosted() throws Exception {
        User mei = People.signUp(gateway, "Mei");
        User lin = People.signUp(gateway, "Lin");
        People.befriend(gateway, mei, lin);
        byte[] photo = photo(1200, 800);

        var album = gateway.send("POST", "/api/v1/albums", mei.token(), "{\"title\":\"Lantern festival\",\"visibility\":\"FRIENDS\"}");
        assertThat(album.status()).as(album.body()).isEqualTo(201);
        String albumId = album.json().path("id").asString();
        var uploaded = upload(mei, photo, "IMG_0001.HEIC", albumId);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        var media = new HttpTestClient.Answer(201, "application/json", uploaded.body(), uploaded).json();
        String id = media.path("id").asString();
        assertThat(media.path("kind").asString()).isEqualTo("IMAGE");
        assertThat(media.path("contentType").asString()).isEqualTo("image/jpeg");
        assertThat(media.path("width").asInt()).isEqualTo(1200);

        var range = get(lin, "/api/v1/media/" + id + "/content", "Range", "bytes=0-1023");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOf(photo, 1024));
        String etag = get(lin, "/api/v1/media/" + id + "/content").headers().firstValue("ETag").orElseThrow();
        assertThat(get(lin, "/api/v1/media/" + id + "/content", "If-None-Match", etag).statusCode()).isEqualTo(304);
        var thumbnail = get(lin, "/api/v1/media/" + id + "/thumbnail?size=small");
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(thumbnail.body())).getWidth()).isEqualTo(160);

        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> gateway
                .send("GET", "/api/v1/albums/" + albumId + "/items", lin.token(), null).body().contains(id));
        assertThat(gateway.send("GET", "/api/v1/users/" + mei.id() + "/albums", lin.token(), null).body())
                .contains(albumId);
        var posted = gateway.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"lanterns!\",\"mediaIds\":[\"%s\"],\"visibility\":\"FRIENDS\"}".formatted(id));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        assertThat(posted.json().path("mediaIds").get(0).asString()).isEqualTo(id);

        var disguised = upload(mei, "not a picture".getBytes(StandardCharsets.UTF_8), "cat.jpg", null);
        assertThat(disguised.statusCode()).isEqualTo(415);
        assertThat(gateway.send("PATCH", "/api/v1/users/me", mei.token(),
                "{\"avatarMediaId\":\"%s\"}".formatted(id)).status()).isEqualTo(200);
        assertProblem(gateway.send("DELETE", "/api/v1/media/" + id, lin.token(), null), 403);
        assertThat(gateway.send("DELETE", "/api/v1/media/" + id, mei.token(), null).status()).isEqualTo(204);
        assertThat(get(lin, "/api/v1/media/" + id + "/content").statusCode()).isEqualTo(404);
        // the post lets go of the deleted photo (media.events), so the app never shows a broken picture
        String postId = posted.json().path("id").asString();
        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> gateway
                .send("GET", "/api/v1/posts/" + postId, lin.token(), null).json().path("mediaIds").isEmpty());
        // and her profile lets go of it as an avatar
        await().atMost(Duration.ofSeconds(15)).pollInterval(POLL).until(() -> gateway
                .send("GET", "/api/v1/users/" + mei.id(), lin.token(), null).json().path("avatarMediaId").isNull());
        // nor can a new post or avatar name it afterwards
        assertProblem(gateway.send("POST", "/api/v1/posts", mei.token(),
                "{\"text\":\"again\",\"mediaIds\":[\"%s\"],\"visibility\":\"FRIENDS\"}".formatted(id)), 400);
        assertProblem(gateway.send("PATCH", "/api/v1/users/me", mei.token(),
                "{\"avatarMediaId\":\"%s\"}".formatted(id)), 400);

        assertThat(gateway.send("PATCH", "/api/v1/albums/" + albumId, mei.token(), "{\"title\":\"Lanterns\"}").json()
                .path("title").asString()).isEqualTo("Lanterns");
        assertThat(gateway.send("DELETE", "/api/v1/albums/" + albumId, mei.token(), null).status()).isEqualTo(204);
        assertProblem(gateway.send("GET", "/api/v1/albums/" + albumId + "/items", lin.token(), null), 404);
    }

    private static byte[] photo(int width, int height) throws IOException {
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var pen = picture.createGraphics();
        pen.setColor(new Color(0x1D3557));
        pen.fillRect(0, 0, width, height);
        pen.setColor(new Color(0xE63946));
        pen.fillOval(width / 3, height / 4, width / 3, height / 2);
        pen.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(picture, "jpg", out);
        return out.toByteArray();
    }

    private static HttpResponse<String> upload(User user, byte[] bytes, String filename, String albumId)
            throws Exception {
        String boundary = "----kongjian" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        if (albumId != null) {
            body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"albumId\"\r\n\r\n"
                    + albumId).getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return CLIENT.send(HttpRequest.newBuilder(URI.create(gateway.base() + "/api/v1/media"))
                .header("Authorization", "Bearer " + user.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> get(User user, String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(gateway.base() + path))
                .header("Authorization", "Bearer " + user.token());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
