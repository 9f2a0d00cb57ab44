package dev.kongjian.kit;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.mongodb.MongoTimeoutException;

import dev.kongjian.events.UserEvent;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.paging.Cursor;
import dev.kongjian.kit.paging.Page;
import dev.kongjian.kit.paging.PageRequest;
import dev.kongjian.kit.problem.DomainException;
import dev.kongjian.kit.security.CurrentUser;
import dev.kongjian.kit.validation.Characters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

/** A small service built on the kit, exercised by the kit's tests. */
@SpringBootApplication
class KitTestApplication {

    static final AtomicInteger EFFECTS = new AtomicInteger();
    static final java.util.concurrent.atomic.AtomicBoolean FAIL_NEXT = new java.util.concurrent.atomic.AtomicBoolean();
    static volatile CountDownLatch slowGate = new CountDownLatch(0);

    enum Mood { CALM, CROSS }

    record NoteRequest(@NotBlank @Characters(max = 10) String text, Mood mood, List<String> tags, Integer stars) {
    }

    record Note(String id, String text, String owner) {
    }

    static final class Teapot extends DomainException {
        private static final long serialVersionUID = 1L;

        Teapot() {
            super(HttpStatus.GONE, "teapot", "I am a teapot");
        }
    }

    @RestController
    static class NotesController {

        private final Outbox outbox;
        private final MongoTemplate mongo;

        NotesController(Outbox outbox, MongoTemplate mongo) {
            this.outbox = outbox;
            this.mongo = mongo;
        }

        @PostMapping("/api/v1/notes")
        @ResponseStatus(HttpStatus.CREATED)
        Note create(@Valid @RequestBody NoteRequest request, CurrentUser user) {
            EFFECTS.incrementAndGet();
            return new Note(UUID.randomUUID().toString(), request.text(), user.id());
        }

        @PostMapping("/api/v1/slow")
        Note slow(@RequestBody NoteRequest request, CurrentUser user) throws InterruptedException {
            slowGate.await(10, TimeUnit.SECONDS);
            return new Note("slow", request.text(), user.id());
        }

        @PostMapping("/api/v1/flaky")
        Note flaky(@RequestBody NoteRequest request, CurrentUser user) {
            if (FAIL_NEXT.getAndSet(false)) {
                throw new IllegalStateException("flaky");
            }
            return new Note("flaky", request.text(), user.id());
        }

        @GetMapping("/api/v1/numbers/{n}")
        int number(@PathVariable int n, @RequestParam String unit) {
            return n;
        }

        @GetMapping("/api/v1/letters")
        Page<String> letters(PageRequest page) {
            List<String> all = List.of("a", "b", "c", "d", "e");
            int start = page.cursor().map(c -> all.indexOf(c.value(0)) + 1).orElse(0);
            List<String> fetched = all.subList(start, Math.min(all.size(), start + page.limit() + 1));
            return Page.fromFetched(fetched, page.limit(), Cursor::of);
        }

        @GetMapping("/api/v1/teapot")
        String teapot() {
            throw new Teapot();
        }

        @GetMapping("/api/v1/store-down/{store}")
        String storeDown(@PathVariable String store) {
            throw switch (store) {
                case "redis" -> new RedisConnectionFailureException("Unable to connect to Redis",
                        new NoSuchElementException("Timeout waiting for idle object"));
                case "mongo" -> new MongoTimeoutException("Timed out while waiting for a server");
                default -> new QueryTimeoutException("Redis command timed out");
            };
        }

        @GetMapping("/api/v1/boom")
        String boom() {
            throw new IllegalStateException("secret internals: password=hunter2");
        }

        @PostMapping("/api/v1/users/{id}/rename")
        String rename(@PathVariable String id, @RequestParam String name, @RequestParam(defaultValue = "false") boolean fail) {
            var event = new UserEvent.ProfileUpdated(UUID.randomUUID().toString(), id, name, null,
                    UserEvent.SpaceVisibility.PUBLIC, java.time.Instant.now(), 1);
            return outbox.publishWith(event, "users", id, () -> {
                if (fail) {
                    throw new Teapot();
                }
                mongo.upsert(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id").is(id)),
                        Outbox.mark(new org.springframework.data.mongodb.core.query.Update().set("name", name), event),
                        "users");
                return event.id();
            });
        }

        @GetMapping("/api/v1/users/{id}")
        Document user(@PathVariable String id) {
            return mongo.getCollection("users").find(new Document("_id", id)).first();
        }
    }
}
