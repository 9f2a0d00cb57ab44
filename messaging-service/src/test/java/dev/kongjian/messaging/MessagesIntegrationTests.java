package dev.kongjian.messaging;

import static dev.kongjian.testing.HttpTestClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import dev.kongjian.events.MediaEvent;
import tools.jackson.databind.JsonNode;

class MessagesIntegrationTests extends MessagingServiceTestSupport {

    @Test
    void everyMessageTakesTheNextSeqWithoutAGapWhenManySendAtOnce() throws Exception {
        User mei = newUser();
        User lin = newUser();
        User kai = newUser();
        String group = group(mei, lin, kai);

        try (var pool = Executors.newFixedThreadPool(9)) {
            List<Future<JsonNode>> sent = new ArrayList<>();
            for (User sender : List.of(mei, lin, kai)) {
                for (int i = 0; i < 10; i++) {
                    String text = "m" + i;
                    sent.add(pool.submit(() -> send(sender, group, text)));
                }
            }
            for (Future<JsonNode> message : sent) {
                message.get();
            }
        }

        assertThat(seqs(mei, group, "?limit=100")).containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed()
                .toList());
    }

    @Test
    void theSameClientMessageIdStoresOneMessageHoweverOftenItIsSent() throws Exception {
        User mei = newUser();
        User lin = newUser();
        String group = group(mei, lin);
        String body = "{\"clientMessageId\":\"phone-42\",\"text\":\"on my way\"}";

        List<JsonNode> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<JsonNode>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(pool.submit(() -> http.send("POST", "/api/v1/conversations/" + group + "/messages",
                        mei.token(), body).json()));
            }
            for (Future<JsonNode> answer : sent) {
                answers.add(answer.get());
            }
        }

        assertThat(answers).extracting(answer -> answer.path("id").asString()).containsOnly(
                answers.getFirst().path("id").asString());
        assertThat(answers.getFirst().path("seq").asLong()).isEqualTo(1);
        // the same id from someone else is their own message
        assertThat(http.send("POST", "/api/v1/conversations/" + group + "/messages", lin.token(), body).json()
                .path("seq").asLong()).isEqualTo(2);
        assertThat(seqs(mei, group, "")).containsExactly(1L, 2L);
    }

    @Test
    void aMessageStoredByAnInstanceThatDiedBeforeMovingTheCounterLeavesNoGapAndNoTwin() {
        User mei = newUser();
        User lin = newUser();
        String group = group(mei, lin);
        send(mei, group, "one");
        // stored as seq 2, but the conversation's counter was never moved
        mongo.getCollection("messages").insertOne(new Document("_id", UUID.randomUUID().toString())
                .append("conversationId", group).append("seq", 2L).append("senderId", lin.id())
                .append("clientKey", group + "|" + lin.id() + "|lost").append("text", "two")
                .append("mediaIds", List.of()).append("sentAt", new Date()));

        assertThat(send(mei, group, "three").path("seq").asLong()).isEqualTo(3);
        assertThat(seqs(lin, group, "")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void historyCatchesUpAfterASeqScrollsBackBeforeOneAndPagesOnTheSameWay() {
        User mei = newUser();
        User lin = newUser();
        String group = group(mei, lin);
        for (int i = 1; i <= 7; i++) {
            send(i % 2 == 0 ? lin : mei, group, "m" + i);
        }

        var catchUp = http.send("GET", "/api/v1/conversations/" + group + "/messages?afterSeq=2&limit=3", lin.token(),
                null).json();
        assertThat(seqsOf(catchUp)).containsExactly(3L, 4L, 5L);
        var rest = http.send("GET", "/api/v1/conversations/" + group + "/messages?limit=3&cursor="
                + catchUp.path("nextCursor").asString(), lin.token(), null).json();
        assertThat(seqsOf(rest)).containsExactly(6L, 7L);
        assertThat(rest.path("nextCursor").isNull()).isTrue();

        var back = http.send("GET", "/api/v1/conversations/" + group + "/messages?beforeSeq=6&limit=2", lin.token(),
                null).json();
        assertThat(seqsOf(back)).containsExactly(4L, 5L);
        var older = http.send("GET", "/api/v1/conversations/" + group + "/messages?limit=2&cursor="
                + back.path("nextCursor").asString(), lin.token(), null).json();
        assertThat(seqsOf(older)).containsExactly(2L, 3L);
        assertThat(seqs(lin, group, "?limit=2")).containsExactly(6L, 7L);
        assertThat(seqs(lin, group, "?afterSeq=2&beforeSeq=5")).containsExactly(3L, 4L);
        assertThat(seqs(lin, group, "?afterSeq=7")).isEmpty();

        for (String bad : List.of("?afterSeq=-1", "?beforeSeq=0", "?afterSeq=x", "?limit=101", "?cursor=abc")) {
            assertProblem(http.send("GET", "/api/v1/conversations/" + group + "/messages" + bad, lin.token(), null),
                    400);
        }
    }

    @Test
    void readingLowersTheUnreadCountAndNeverGoesBackOrBeyondTheLastMessage() {
        User mei = newUser();
        User lin = newUser();
        String group = group(mei, lin);
        for (int i = 0; i < 4; i++) {
            send(mei, group, "m" + i);
        }
        assertThat(unread(lin, group)).isEqualTo(4);

        var read = http.send("POST", "/api/v1/conversations/" + group + "/read", lin.token(), "{\"seq\":3}");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("unreadCount").asLong()).isEqualTo(1);
        assertThat(unread(lin, group)).isEqualTo(1);
        http.send("POST", "/api/v1/conversations/" + group + "/read", lin.token(), "{\"seq\":1}");
        assertThat(unread(lin, group)).isEqualTo(1);
        var beyond = http.send("POST", "/api/v1/conversations/" + group + "/read", lin.token(), "{\"seq\":99}");
        assertThat(beyond.json().path("readSeq").asLong()).isEqualTo(4);
        send(mei, group, "m5");
        assertThat(unread(lin, group)).isEqualTo(1);
        assertProblem(http.send("POST", "/api/v1/conversations/" + group + "/read", lin.token(), "{\"seq\":-1}"), 400);
        assertProblem(http.send("POST", "/api/v1/conversations/" + group + "/read", lin.token(), "{}"), 400);
    }

    @Test
    void theSenderRecallsAMessageWithinTwoMinutesAndItKeepsItsPlace() {
        User mei = newUser();
        User lin = newUser();
        User stranger = newUser();
        String group = group(mei, lin);
        send(mei, group, "first");
        String oops = send(mei, group, "wrong chat, sorry").path("id").asString();
        String recall = "/api/v1/conversations/" + group + "/messages/" + oops;

        try (var linsPhone = LiveClient.connect(port, lin.token(), false)) {
            linsPhone.await("ready", frame -> true);
            assertProblem(http.send("DELETE", recall, lin.token(), null), 403);
            assertProblem(http.send("DELETE", recall, stranger.token(), null), 404);
            assertProblem(http.send("DELETE", "/api/v1/conversations/" + group + "/messages/nope", mei.token(), null),
                    404);

            assertThat(http.send("DELETE", recall, mei.token(), null).status()).isEqualTo(204);

            var frame = linsPhone.await("message.recalled", f -> f.path("id").asString().equals(oops));
            assertThat(frame.path("conversationId").asString()).isEqualTo(group);
            assertThat(frame.path("seq").asLong()).isEqualTo(2);
        }
        assertThat(http.send("DELETE", recall, mei.token(), null).status()).as("again").isEqualTo(204);
        JsonNode history = http.send("GET", "/api/v1/conversations/" + group + "/messages?afterSeq=0", lin.token(),
                null).json();
        assertThat(seqsOf(history)).containsExactly(1L, 2L);
        JsonNode recalled = history.path("items").get(1);
        assertThat(recalled.path("text").isNull()).isTrue();
        assertThat(recalled.path("mediaIds")).isEmpty();
        assertThat(recalled.path("recalledAt").asString()).isNotBlank();
        assertThat(history.path("items").get(0).path("recalledAt").isNull()).isTrue();
        JsonNode last = http.send("GET", "/api/v1/conversations/" + group, lin.token(), null).json()
                .path("lastMessage");
        assertThat(last.path("recalledAt").asString()).isNotBlank();
        assertThat(last.path("text").isNull()).isTrue();

        // too late: sent three minutes ago
        String old = send(mei, group, "old news").path("id").asString();
        mongo.getCollection("messages").updateOne(new Document("_id", old), new Document("$set",
                new Document("sentAt", Date.from(java.time.Instant.now().minusSeconds(180)))));
        assertProblem(http.send("DELETE", "/api/v1/conversations/" + group + "/messages/" + old, mei.token(), null),
                409);
    }

    @Test
    void mediaItsOwnerDeletedLeavesTheMessagesThatShowedItAndCannotBeSentAgain() {
        User mei = newUser();
        User lin = newUser();
        String group = group(mei, lin);
        String gone = "media-" + UUID.randomUUID();
        String path = "/api/v1/conversations/" + group + "/messages";
        String first = "{\"clientMessageId\":\"c1\",\"mediaIds\":[\"%s\",\"kept\"]}".formatted(gone);
        assertThat(http.send("POST", path, mei.token(), first).status()).isEqualTo(201);

        publish(new MediaEvent.MediaDeleted(UUID.randomUUID().toString(), gone, mei.id(), java.time.Instant.now(), 1));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> http
                .send("GET", path + "?afterSeq=0", lin.token(), null).json().path("items").get(0).path("mediaIds")
                .toString().equals("[\"kept\"]"));
        var again = http.send("POST", path, mei.token(),
                "{\"clientMessageId\":\"c2\",\"mediaIds\":[\"%s\"]}".formatted(gone));
        assertProblem(again, 400);
        assertThat(again.json().path("errors").get(0).path("field").asString()).isEqualTo("mediaIds");
        // the first message's retry still answers the message it stored
        var retried = http.send("POST", path, mei.token(), first);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.json().path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void aMessageHasTextOrMediaWithinItsLimits() {
        User mei = newUser();
        User lin = newUser();
        String group = group(mei, lin);
        String path = "/api/v1/conversations/" + group + "/messages";

        assertProblem(http.send("POST", path, mei.token(), "{\"text\":\"no id\"}"), 400);
        assertProblem(http.send("POST", path, mei.token(), "{\"clientMessageId\":\"c1\"}"), 400);
        assertProblem(http.send("POST", path, mei.token(), "{\"clientMessageId\":\"c1\",\"text\":\"  \"}"), 400);
        assertProblem(http.send("POST", path, mei.token(),
                "{\"clientMessageId\":\"c1\",\"text\":\"%s\"}".formatted("x".repeat(4001))), 400);
        assertProblem(http.send("POST", path, mei.token(),
                "{\"clientMessageId\":\"%s\",\"text\":\"x\"}".formatted("c".repeat(65))), 400);
        var photo = http.send("POST", path, mei.token(), "{\"clientMessageId\":\"c2\",\"mediaIds\":[\"m1\"]}");
        assertThat(photo.status()).as(photo.body()).isEqualTo(201);
        assertThat(photo.json().path("mediaIds").get(0).asString()).isEqualTo("m1");
        assertThat(photo.json().path("text").isNull()).isTrue();
        var longest = http.send("POST", path, mei.token(),
                "{\"clientMessageId\":\"c3\",\"text\":\"%s\"}".formatted("x".repeat(4000)));
        assertThat(longest.status()).isEqualTo(201);
    }

    private List<Long> seqs(User reader, String conversationId, String query) {
        var page = http.send("GET", "/api/v1/conversations/" + conversationId + "/messages" + query, reader.token(),
                null);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return seqsOf(page.json());
    }

    private static List<Long> seqsOf(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.path("items").forEach(message -> seqs.add(message.path("seq").asLong()));
        return seqs;
    }

    private long unread(User user, String conversationId) {
        return http.send("GET", "/api/v1/conversations/" + conversationId, user.token(), null).json()
                .path("unreadCount").asLong();
    }
}
