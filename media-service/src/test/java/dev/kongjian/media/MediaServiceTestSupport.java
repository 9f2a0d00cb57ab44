package dev.kongjian.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.kongjian.events.KongjianEvent;
import dev.kongjian.kit.security.ResourceServerConfiguration;
import dev.kongjian.kit.security.SecurityProperties;
import dev.kongjian.kit.users.UserDirectory;
import dev.kongjian.media.people.People;
import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.TestInfrastructure;
import dev.kongjian.testing.TestTokens;
import dev.kongjian.testing.UserEvents;

/**
 * What media-service's integration tests share: one running service on the embedded
 * infrastructure with small upload limits (256 KB for images and audio, 512 KB for video),
 * people and friendships made the way production makes them, tokens, and multipart uploads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false", "kongjian.media.max-image=256KB", "kongjian.media.max-audio=256KB",
        "kongjian.media.max-video=512KB",
        // below the uploads made here: an upload is never fingerprinted by the kit's Idempotency-Key filter
        "kongjian.idempotency.max-body=64KB" })
@Import({ TestInfrastructure.class, MediaServiceTestSupport.Tokens.class })
public abstract class MediaServiceTestSupport {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    protected People people;

    @Autowired
    protected MongoTemplate mongo;

    /** user-service, asked where the replica says no; unreachable unless a test says otherwise. */
    @MockitoBean
    protected UserDirectory directory;

    protected HttpTestClient http;

    @TestConfiguration(proxyBeanMethods = false)
    static class Tokens {
        @Bean
        JwtDecoder testJwtDecoder(SecurityProperties properties) {
            return TestTokens.decoder(ResourceServerConfiguration.validator(properties));
        }
    }

    protected record User(String id, String token) {
    }

    @BeforeEach
    void client() {
        http = new HttpTestClient("http://localhost:" + port);
        org.mockito.Mockito.when(directory.relationTo(org.mockito.ArgumentMatchers.anyString()))
                .thenReturn(UserDirectory.Relation.UNAVAILABLE);
    }

    protected User newUser() {
        String id = UserEvents.register(kafka);
        await().atMost(Duration.ofSeconds(30)).until(() -> people.exists(id));
        return new User(id, TestTokens.issue(id));
    }

    protected void befriend(User a, User b) {
        UserEvents.befriend(kafka, a.id(), b.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> people.areFriends(a.id(), b.id()));
    }

    protected void publish(KongjianEvent event) {
        UserEvents.publish(kafka, event);
    }

    /** {@code POST /api/v1/media} with the bytes as the {@code file} part (named and typed as given) and an optional album. */
    protected HttpResponse<String> upload(User user, byte[] bytes, String filename, String declaredType,
            String albumId) {
        return upload(user, bytes, filename, declaredType, albumId, null);
    }

    /** The same, with an {@code Idempotency-Key} when {@code key} is not null. */
    protected HttpResponse<String> upload(User user, byte[] bytes, String filename, String declaredType,
            String albumId, String key) {
        String boundary = "----kongjian" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        if (albumId != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"albumId\"\r\n\r\n" + albumId
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + declaredType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/media"))
                .header("Authorization", "Bearer " + user.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        var request = builder.build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected String uploaded(User user, byte[] bytes) {
        var answer = upload(user, bytes, "file.bin", "application/octet-stream", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return new HttpTestClient.Answer(answer.statusCode(), "application/json", answer.body(), answer).json()
                .path("id").asString();
    }

    protected HttpResponse<byte[]> get(User user, String path, String... headers) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + user.token());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static byte[] image(String format, int width, int height) {
        var out = new ByteArrayOutputStream();
        try {
            BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            var pen = picture.createGraphics();
            pen.setColor(new java.awt.Color(0x2A6F97));
            pen.fillRect(0, 0, width, height);
            pen.setColor(new java.awt.Color(0xF4A261));
            pen.fillOval(width / 4, height / 4, width / 2, height / 2);
            pen.dispose();
            ImageIO.write(picture, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
