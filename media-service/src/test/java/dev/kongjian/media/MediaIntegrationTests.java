package dev.kongjian.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;

import dev.kongjian.events.MallEvent;
import dev.kongjian.events.MediaEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;
import dev.kongjian.media.media.MediaLibrary;
import dev.kongjian.media.media.Samples;
import dev.kongjian.testing.EventCapture;
import dev.kongjian.testing.HttpTestClient;
import tools.jackson.databind.JsonNode;

class MediaIntegrationTests extends MediaServiceTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    MediaLibrary library;

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void uploadsAreCountedByOutcomeAndTheirSizesMeasured() {
        User mei = newUser();
        double stored = uploads("stored", "IMAGE");
        double unsupported = uploads("unsupported", "none");
        byte[] png = image("png", 64, 64);

        uploaded(mei, png);
        upload(mei, "just text".getBytes(StandardCharsets.UTF_8), "cat.jpg", "image/jpeg", null);

        assertThat(uploads("stored", "IMAGE")).isEqualTo(stored + 1);
        assertThat(uploads("unsupported", "none")).isEqualTo(unsupported + 1);
        assertThat(meters.get("kongjian.media.upload.size").tag("kind", "IMAGE").summary().max())
                .isGreaterThanOrEqualTo(png.length);
    }

    private double uploads(String outcome, String kind) {
        var counter = meters.find("kongjian.media.uploads").tags("outcome", outcome, "kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anUploadIsKnownByItsBytesNotItsNameAndAnImageIsMeasured() {
        User mei = newUser();

        var png = upload(mei, image("png", 320, 200), "holiday.txt", "text/plain", null);
        var video = upload(mei, Samples.mp4(), "clip", "application/octet-stream", null);
        var audio = upload(mei, Samples.wav(), "song.jpg", "image/jpeg", null);

        assertThat(png.statusCode()).as(png.body()).isEqualTo(201);
        JsonNode image = json(png.body());
        assertThat(image.path("kind").asString()).isEqualTo("IMAGE");
        assertThat(image.path("contentType").asString()).isEqualTo("image/png");
        assertThat(image.path("width").asInt()).isEqualTo(320);
        assertThat(image.path("height").asInt()).isEqualTo(200);
        assertThat(image.path("size").asLong()).isPositive();
        assertThat(image.path("status").asString()).isEqualTo("READY");
        assertThat(json(video.body()).path("kind").asString()).isEqualTo("VIDEO");
        assertThat(json(audio.body()).path("kind").asString()).isEqualTo("AUDIO");
        var shown = http.send("GET", "/api/v1/media/" + image.path("id").asString(), newUser().token(), null);
        assertThat(shown.json().path("width").asInt()).isEqualTo(320);
    }

    @Test
    void aVideoOrASoundIsTimedAndAVideosPictureMeasuredFromItsContainer() {
        User mei = newUser();

        var clip = upload(mei, Samples.file("rotated.mp4"), "VID_0001.mp4", "video/mp4", null);
        var tone = upload(mei, Samples.file("tone.mp3"), "voice.mp3", "audio/mpeg", null);

        assertThat(clip.statusCode()).as(clip.body()).isEqualTo(201);
        JsonNode video = json(clip.body());
        assertThat(video.path("contentType").asString()).isEqualTo("video/mp4");
        assertThat(video.path("durationMs").asLong()).isEqualTo(2_500);
        assertThat(video.path("width").asInt()).isEqualTo(48);
        assertThat(video.path("height").asInt()).isEqualTo(64);
        JsonNode sound = json(tone.body());
        assertThat(sound.path("kind").asString()).isEqualTo("AUDIO");
        assertThat(sound.path("durationMs").asLong()).isBetween(1_500L, 1_600L);
        var shown = http.send("GET", "/api/v1/media/" + video.path("id").asString(), newUser().token(), null);
        assertThat(shown.json().path("durationMs").asLong()).isEqualTo(2_500);
    }

    @Test
    void anUploadRetriedWithItsIdempotencyKeyAnswersTheFirstAndIsStoredOnce() {
        User mei = newUser();
        // larger than what the service kit fingerprints here (64 KB): an upload is never held for a replay
        byte[] photo = java.util.Arrays.copyOf(image("png", 64, 64), 200 * 1024);
        String key = "upload-" + UUID.randomUUID();

        var first = upload(mei, photo, "a.png", "image/png", null, key);
        var again = upload(mei, photo, "a.png", "image/png", null, key);
        var other = upload(newUser(), photo, "a.png", "image/png", null, key);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        String id = json(first.body()).path("id").asString();
        assertThat(json(again.body()).path("id").asString()).isEqualTo(id);
        assertThat(json(other.body()).path("id").asString()).isNotEqualTo(id);
        assertThat(mongo.getCollection("media").countDocuments(Filters.eq("ownerId", mei.id()))).isEqualTo(1);
        assertThat(upload(mei, photo, "a.png", "image/png", null, "").statusCode()).isEqualTo(400);
    }

    @Test
    void aDisguisedOrUnknownFileIsRefusedAndNothingIsKept() {
        User mei = newUser();
        for (byte[] bytes : new byte[][] { "a cat, honestly".getBytes(StandardCharsets.UTF_8),
                "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), new byte[0],
                // a JPEG's first bytes, then nothing an image reader can read
                new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1 } }) {
            var refused = upload(mei, bytes, "cat.jpg", "image/jpeg", null);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(415);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(mongo.getCollection("media").countDocuments(Filters.eq("ownerId", mei.id()))).isZero();
    }

    @Test
    void anUploadOverItsKindsLimitStopsThereAndAVipMemberMaySendMore() {
        User mei = newUser();
        byte[] big = Arrays.copyOf(Samples.wav(), 300 * 1024);
        long filesBefore = mongo.getCollection("media.files").countDocuments();

        var refused = upload(mei, big, "long.wav", "audio/wav", null);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(refused.body()).contains("Audio uploads are limited to 262144 bytes");
        assertThat(mongo.getCollection("media").countDocuments(Filters.eq("ownerId", mei.id()))).isZero();
        assertThat(mongo.getCollection("media.files").countDocuments()).isEqualTo(filesBefore);
        // a request larger than any upload this user may make: refused before the file part is reached
        var tooLargeForAnything = upload(mei, Arrays.copyOf(Samples.mp4(), 600 * 1024), "v.mp4", "video/mp4", null);
        assertThat(tooLargeForAnything.statusCode()).as(tooLargeForAnything.body()).isEqualTo(413);
        var videoOfTheSameSize = upload(mei, Arrays.copyOf(Samples.mp4(), 300 * 1024), "v.mp4", "video/mp4", null);
        assertThat(videoOfTheSameSize.statusCode()).as(videoOfTheSameSize.body()).isEqualTo(201);

        publish(new MallEvent.VipGranted(UUID.randomUUID().toString(), mei.id(), "order-1",
                Instant.now().plus(Duration.ofDays(30)), Instant.now(), 1));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> people.isVip(mei.id()));
        assertThat(upload(mei, big, "long.wav", "audio/wav", null).statusCode()).isEqualTo(201);
    }

    @Test
    void theBytesComeWholeOrInRangesWithValidatorsForCaches() {
        User mei = newUser();
        User lin = newUser();
        byte[] png = image("png", 200, 150);
        String id = uploaded(mei, png);
        String content = "/api/v1/media/" + id + "/content";

        var whole = get(lin, content);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(png);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("Cache-Control")).hasValueSatisfying(
                value -> assertThat(value).contains("max-age=31536000", "immutable"));
        String etag = whole.headers().firstValue("ETag").orElseThrow();

        var firstBytes = get(lin, content, "Range", "bytes=0-9");
        assertThat(firstBytes.statusCode()).isEqualTo(206);
        assertThat(firstBytes.body()).isEqualTo(Arrays.copyOf(png, 10));
        assertThat(firstBytes.headers().firstValue("Content-Range")).hasValue("bytes 0-9/" + png.length);
        var lastBytes = get(lin, content, "Range", "bytes=-5");
        assertThat(lastBytes.body()).isEqualTo(Arrays.copyOfRange(png, png.length - 5, png.length));
        var beyond = get(lin, content, "Range", "bytes=" + (png.length + 10) + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + png.length);
        assertThat(new String(beyond.body(), StandardCharsets.UTF_8)).contains("range-not-satisfiable");
        var cached = get(lin, content, "If-None-Match", etag);
        assertThat(cached.statusCode()).isEqualTo(304);
        assertThat(cached.body()).isEmpty();
        assertThat(get(lin, content, "If-None-Match", "\"something-else\"").statusCode()).isEqualTo(200);
    }

    @Test
    void thumbnailsFitTheirBoxAndVideoGetsAPlaceholder() throws IOException {
        User mei = newUser();
        String photo = uploaded(mei, image("jpg", 1600, 1200));
        String tall = uploaded(mei, image("png", 300, 900));
        String clip = uploaded(mei, Samples.mp4());

        var small = get(mei, "/api/v1/media/" + photo + "/thumbnail?size=small");
        var medium = get(mei, "/api/v1/media/" + photo + "/thumbnail?size=medium");
        var tallSmall = get(mei, "/api/v1/media/" + tall + "/thumbnail");
        var poster = get(mei, "/api/v1/media/" + clip + "/thumbnail?size=medium");

        assertThat(small.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(size(small.body())).containsExactly(160, 120);
        assertThat(size(medium.body())).containsExactly(480, 360);
        assertThat(size(tallSmall.body())).containsExactly(53, 160);
        assertThat(size(poster.body())).containsExactly(480, 480);
        assertThat(get(mei, "/api/v1/media/" + photo + "/thumbnail?size=small").body()).isEqualTo(small.body());
        assertThat(get(mei, "/api/v1/media/" + photo + "/thumbnail?size=huge").statusCode()).isEqualTo(400);
    }

    @Test
    void onlyTheOwnerDeletesAndThenItIsGoneEverywhere() {
        User mei = newUser();
        User lin = newUser();
        String id = uploaded(mei, image("png", 40, 40));
        get(mei, "/api/v1/media/" + id + "/thumbnail");

        HttpTestClient.assertProblem(http.send("DELETE", "/api/v1/media/" + id, lin.token(), null), 403);
        assertThat(http.send("DELETE", "/api/v1/media/" + id, mei.token(), null).status()).isEqualTo(204);

        HttpTestClient.assertProblem(http.send("GET", "/api/v1/media/" + id, mei.token(), null), 404);
        assertThat(get(mei, "/api/v1/media/" + id + "/content").statusCode()).isEqualTo(404);
        assertThat(mongo.getCollection("media.files").countDocuments(Filters.eq("_id", id))).isZero();
        assertThat(mongo.getCollection("thumbnails.files").countDocuments(Filters.regex("filename", "^" + id)))
                .isZero();
        HttpTestClient.assertProblem(http.send("DELETE", "/api/v1/media/" + id, mei.token(), null), 404);
        var deleted = EventCapture.of(Topics.MEDIA_EVENTS).await(MediaEvent.MediaDeleted.class,
                event -> event.mediaId().equals(id));
        assertThat(deleted.ownerId()).isEqualTo(mei.id());
        assertThat(EventCapture.of(Topics.MEDIA_EVENTS).published(MediaEvent.MediaDeleted.class,
                event -> event.mediaId().equals(id))).hasSize(1);
    }

    @Test
    void anUploadIsAnnouncedOnceItIsStoredWhole() {
        User mei = newUser();
        String id = uploaded(mei, Samples.file("clip.mp4"));

        var uploaded = EventCapture.of(Topics.MEDIA_EVENTS).await(MediaEvent.MediaUploaded.class,
                event -> event.mediaId().equals(id));

        assertThat(uploaded.ownerId()).isEqualTo(mei.id());
        assertThat(uploaded.kind()).isEqualTo(MediaEvent.Kind.VIDEO);
        assertThat(uploaded.contentType()).isEqualTo("video/mp4");
        assertThat(uploaded.size()).isEqualTo(Samples.file("clip.mp4").length);
        assertThat(uploaded.durationMs()).isEqualTo(2_500L);
    }

    @Test
    void aDeletionACrashInterruptedIsFinishedByTheSweep() {
        User mei = newUser();
        String id = uploaded(mei, image("png", 40, 40));
        // the tombstone was written, then the instance died before the bytes went
        mongo.getCollection("media").updateOne(Filters.eq("_id", id), com.mongodb.client.model.Updates.combine(
                com.mongodb.client.model.Updates.set("status", "DELETED"),
                com.mongodb.client.model.Updates.set("deletedAt", java.util.Date.from(Instant.now().minus(Duration.ofHours(2))))));

        HttpTestClient.assertProblem(http.send("GET", "/api/v1/media/" + id, mei.token(), null), 404);
        library.sweep();

        assertThat(mongo.getCollection("media").countDocuments(Filters.eq("_id", id))).isZero();
        assertThat(mongo.getCollection("media.files").countDocuments(Filters.eq("_id", id))).isZero();
    }

    @Test
    void someoneEitherSideBlockedSeesNothing() {
        User mei = newUser();
        User lin = newUser();
        String id = uploaded(mei, image("png", 40, 40));
        publish(new UserEvent.UserBlocked(UUID.randomUUID().toString(), mei.id(), lin.id(), Instant.now(), 1));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> people.blockedEitherWay(mei.id(), lin.id()));

        HttpTestClient.assertProblem(http.send("GET", "/api/v1/media/" + id, lin.token(), null), 404);
        assertThat(get(lin, "/api/v1/media/" + id + "/content").statusCode()).isEqualTo(404);
    }

    @Test
    void anUploadMustBeMultipartWithAFilePart() {
        User mei = newUser();
        HttpTestClient.assertProblem(http.send("POST", "/api/v1/media", mei.token(), "{\"file\":\"x\"}"), 415);
        var noFile = upload(mei, new byte[0], "x", "text/plain", null);
        assertThat(noFile.statusCode()).isEqualTo(415);
    }

    private static JsonNode json(String body) {
        return new HttpTestClient.Answer(200, "application/json", body, null).json();
    }

    private static int[] size(byte[] jpeg) throws IOException {
        var image = ImageIO.read(new ByteArrayInputStream(jpeg));
        return new int[] { image.getWidth(), image.getHeight() };
    }
}
