package dev.kongjian.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.KongjianEvent;
import dev.kongjian.events.Topics;
import dev.kongjian.testing.EventCapture;
import dev.kongjian.testing.HttpTestClient;
import dev.kongjian.testing.TestInfrastructure;

/** What user-service's integration tests share: one running service, users, and the events it published. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false", "kongjian.outbox.poll-interval=100ms", "kongjian.outbox.prepare-grace=1s",
        "kongjian.users.admin-usernames=" + UserServiceTestSupport.ADMIN })
@Import(TestInfrastructure.class)
abstract class UserServiceTestSupport {

    static final String ADMIN = "ops_admin_kj";
    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<String, String> kafka;

    HttpTestClient http;

    record User(String id, String username, String token) {
    }

    @BeforeEach
    void client() {
        http = new HttpTestClient("http://localhost:" + port);
        EventCapture.of(Topics.USER_EVENTS);
    }

    User newUser(String displayName) {
        String username = "u_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        var registered = http.send("POST", "/api/v1/auth/register", null,
                "{\"username\":\"%s\",\"password\":\"correct horse\",\"displayName\":\"%s\"}".formatted(username,
                        displayName));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        var login = http.send("POST", "/api/v1/auth/login", null,
                "{\"username\":\"%s\",\"password\":\"correct horse\"}".formatted(username));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return new User(registered.json().path("id").asString(), username,
                login.json().path("accessToken").asString());
    }

    <T extends KongjianEvent> T awaitEvent(Class<T> type, Predicate<T> matching) {
        return EventCapture.of(Topics.USER_EVENTS).await(type, matching);
    }

    void publish(String topic, KongjianEvent event) throws Exception {
        kafka.send(topic, event.aggregateId(), EventJson.writeString(event)).get();
    }
}
