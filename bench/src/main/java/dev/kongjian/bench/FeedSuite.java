package dev.kongjian.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.kongjian.events.EventJson;
import dev.kongjian.events.Topics;
import dev.kongjian.events.UserEvent;
import dev.kongjian.localstack.LocalStack;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * feed-service under load: home-feed pages of 20 through the gateway and straight to the
 * service at 50 clients, and both ways at a fixed 500/s; the fan-out delay from a post being answered to
 * its being on the home timeline of each of 1,000 and 10,000 friends; and posting latency for
 * an author with 10,000 friends against one with 10. The big friend lists are made the way
 * production makes them, as {@code FriendshipCreated} events on {@code user.events}.
 */
final class FeedSuite implements Bench.Suite {

    private static final int CLIENTS = 50;
    private static final int AUTHORS = 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public List<String> run(LocalStack stack, Load load, Duration each) throws Exception {
        String gateway = stack.gatewayUrl();
        String direct = "http://127.0.0.1:" + stack.process("feed-service").orElseThrow().port();
        Bench.Account reader = Bench.signUp(gateway, "Reader");
        for (int i = 0; i < AUTHORS; i++) {
            Bench.Account author = Bench.signUp(gateway, "Author " + i);
            befriend(gateway, reader, author);
            for (int p = 0; p < 3; p++) {
                post(gateway, author, "post " + p + " of author " + i, p % 2 == 0 ? "FRIENDS" : "PUBLIC");
            }
        }
        URI viaGateway = URI.create(gateway + "/api/v1/feed/home?limit=20");
        URI straight = URI.create(direct + "/api/v1/feed/home?limit=20");
        awaitFullPage(viaGateway, reader.token());

        load.warmUp(List.of(straight, viaGateway), reader.token(), CLIENTS, GatewaySuite.WARM_UP);
        var directFirst = load.closedLoop("direct", straight, reader.token(), CLIENTS, each);
        var gatewayFirst = load.closedLoop("gateway", viaGateway, reader.token(), CLIENTS, each);
        var gatewaySecond = load.closedLoop("gateway", viaGateway, reader.token(), CLIENTS, each);
        var directSecond = load.closedLoop("direct", straight, reader.token(), CLIENTS, each);
        var straightReads = Load.mean(directFirst, directSecond);
        var gatewayReads = Load.mean(gatewayFirst, gatewaySecond);
        // the same rate straight to the service says how much of the tail is this machine's, not the gateway's
        var fixedStraight = load.fixedRate("home feed at 500/s, straight", straight, reader.token(), 500, each);
        var fixed = load.fixedRate("home feed at 500/s", viaGateway, reader.token(), 500, each);

        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("## feed-service");
        lines.add("");
        lines.add("| home feed, pages of 20, " + CLIENTS + " clients | req/s | p50 (ms) | p99 (ms) | target | errors |");
        lines.add("|---|---|---|---|---|---|");
        lines.add(Bench.latencyRow("straight to feed-service (baseline)", straightReads, ""));
        lines.add(Bench.latencyRow("through the gateway", gatewayReads,
                "≥ 1,000/s, p99 ≤ 50 ms, ≥ 0.8 of straight: **%.2f**".formatted(
                        gatewayReads.throughput() / straightReads.throughput())));
        lines.add(Bench.latencyRow("straight to feed-service at 500/s", fixedStraight, ""));
        lines.add(Bench.latencyRow("through the gateway at 500/s", fixed, "p99 ≤ 20 ms"));
        lines.forEach(System.out::println);
        try {
            lines.addAll(fanOut(stack, load, each));
        } catch (Exception | AssertionError e) {
            lines.add("");
            lines.add("Fan-out and posting not measured: " + e);
        }
        return lines;
    }

    private List<String> fanOut(LocalStack stack, Load load, Duration each) throws Exception {
        String gateway = stack.gatewayUrl();
        List<String> lines = new ArrayList<>();

        String redisUrl = stack.infrastructure("SPRING_DATA_REDIS_URL");
        String kafka = stack.infrastructure("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        RedisClient redisClient = RedisClient.create(redisUrl);
        try (var producer = producer(kafka); var redis = redisClient.connect()) {
            Bench.Account few = Bench.signUp(gateway, "Ten friends");
            Bench.Account thousand = Bench.signUp(gateway, "1,000 friends");
            Bench.Account many = Bench.signUp(gateway, "10,000 friends");
            List<String> fewFriends = giveFriends(producer, few, 10);
            List<String> thousandFriends = giveFriends(producer, thousand, 1_000);
            long setup = System.nanoTime();
            List<String> manyFriends = giveFriends(producer, many, 10_000);
            // the first post of each is on every friend's timeline once the replica holds every friendship
            awaitFannedOut(gateway, few, fewFriends, redis, Duration.ofMinutes(2));
            awaitFannedOut(gateway, thousand, thousandFriends, redis, Duration.ofMinutes(3));
            awaitFannedOut(gateway, many, manyFriends, redis, Duration.ofMinutes(6));
            long setupSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - setup);
            System.out.println("Friend lists in place after " + setupSeconds + " s");

            Histogram delayThousand = fanOutDelays(gateway, thousand, thousandFriends, redis, 20);
            Histogram delayMany = fanOutDelays(gateway, many, manyFriends, redis, 10);

            URI posts = URI.create(gateway + "/api/v1/posts");
            String body = "{\"text\":\"measured\",\"visibility\":\"FRIENDS\"}";
            load.fixedRate("warm-up", Load.post(posts, body, few.token()), 5, Duration.ofSeconds(5));
            var fromFew = Load.post(posts, body, few.token());
            var fromMany = Load.post(posts, body, many.token());
            var fewFirst = load.fixedRate("posting at 5/s, 10 friends", fromFew, 5, each);
            var manyFirst = load.fixedRate("posting at 5/s, 10,000 friends", fromMany, 5, each);
            var manySecond = load.fixedRate("posting at 5/s, 10,000 friends", fromMany, 5, each);
            var fewSecond = load.fixedRate("posting at 5/s, 10 friends", fromFew, 5, each);
            var postingFew = Load.mean(fewFirst, fewSecond);
            var postingMany = Load.mean(manyFirst, manySecond);

            lines.add("");
            lines.add("| fan-out, from POST answered to on every friend's timeline | posts | p50 (ms) | p99 (ms) | max (ms) | target |");
            lines.add("|---|---|---|---|---|---|");
            lines.add(delayRow("1,000 friends", delayThousand, "p99 ≤ 1,000 ms"));
            lines.add(delayRow("10,000 friends", delayMany, "≤ 2,000 ms"));
            lines.add("");
            lines.add("(10,000 friendships replicated from user.events and the first post fanned out in " + setupSeconds
                    + " s.)");
            lines.add("");
            lines.add("| posting at 5/s | req/s | p50 (ms) | p99 (ms) | target | errors |");
            lines.add("|---|---|---|---|---|---|");
            lines.add(Bench.latencyRow("author with 10 friends (baseline)", postingFew, ""));
            lines.add(Bench.latencyRow("author with 10,000 friends", postingMany, "≤ 1.5× of 10: **p50 %.2f×, p99 %.2f×**"
                    .formatted(postingMany.p50Millis() / postingFew.p50Millis(),
                            postingMany.p99Millis() / postingFew.p99Millis())));
        } finally {
            redisClient.shutdown();
        }
        lines.forEach(System.out::println);
        return lines;
    }

    private static String delayRow(String name, Histogram delays, String target) {
        return "| %s | %d | %.0f | %.0f | %.0f | %s |".formatted(name, delays.getTotalCount(),
                delays.getValueAtPercentile(50) / 1000.0, delays.getValueAtPercentile(99) / 1000.0,
                delays.getMaxValue() / 1000.0, target);
    }

    private Histogram fanOutDelays(String gateway, Bench.Account author, List<String> friends,
            StatefulRedisConnection<String, String> redis, int posts) throws Exception {
        Histogram delays = new Histogram(3);
        for (int i = 0; i < posts; i++) {
            String postId = post(gateway, author, "fan-out probe " + i, "FRIENDS");
            long answered = System.nanoTime();
            awaitOnTimelines(postId, friends, redis, Duration.ofSeconds(60));
            delays.recordValue((System.nanoTime() - answered) / 1000);
            Thread.sleep(200);
        }
        return delays;
    }

    private void awaitFannedOut(String gateway, Bench.Account author, List<String> friends,
            StatefulRedisConnection<String, String> redis, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String postId = post(gateway, author, "are you all there?", "FRIENDS");
            if (awaitOnTimelines(postId, friends, redis, Duration.ofSeconds(20))) {
                return;
            }
        }
        throw new IllegalStateException("the friends of " + author.username() + " never all got a post");
    }

    /** Polls the friends' timelines (only those still missing it) until every one has the post. */
    private static boolean awaitOnTimelines(String postId, List<String> friends,
            StatefulRedisConnection<String, String> redis, Duration within) throws Exception {
        Set<String> missing = new HashSet<>(friends);
        long deadline = System.nanoTime() + within.toNanos();
        var async = redis.async();
        while (System.nanoTime() < deadline) {
            List<String> asked = new ArrayList<>(missing);
            List<RedisFuture<Double>> scores = new ArrayList<>(asked.size());
            redis.setAutoFlushCommands(false);
            for (String friend : asked) {
                scores.add(async.zscore("feed:timeline:" + friend, postId));
            }
            redis.flushCommands();
            redis.setAutoFlushCommands(true);
            for (int i = 0; i < asked.size(); i++) {
                if (scores.get(i).get(10, TimeUnit.SECONDS) != null) {
                    missing.remove(asked.get(i));
                }
            }
            if (missing.isEmpty()) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    private static List<String> giveFriends(KafkaProducer<String, String> producer, Bench.Account author, int count)
            throws Exception {
        List<String> friends = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String friend = "bench-friend-" + UUID.randomUUID();
            friends.add(friend);
            var event = new UserEvent.FriendshipCreated(UUID.randomUUID().toString(), friend, author.id(),
                    Instant.now(), 1);
            producer.send(new ProducerRecord<>(Topics.USER_EVENTS, event.aggregateId(), EventJson.writeString(event)));
        }
        producer.flush();
        return friends;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    private void befriend(String gateway, Bench.Account asking, Bench.Account answering) throws Exception {
        var request = http.send(Load.post(URI.create(gateway + "/api/v1/friends/requests"),
                "{\"toUserId\":\"%s\"}".formatted(answering.id()), asking.token()), HttpResponse.BodyHandlers.ofString());
        String id = JSON.readTree(request.body()).path("id").asString();
        http.send(Load.post(URI.create(gateway + "/api/v1/friends/requests/" + id + "/accept"), "{}",
                answering.token()), HttpResponse.BodyHandlers.ofString());
    }

    private String post(String gateway, Bench.Account author, String text, String visibility) throws Exception {
        var created = http.send(Load.post(URI.create(gateway + "/api/v1/posts"),
                "{\"text\":\"%s\",\"visibility\":\"%s\"}".formatted(text, visibility), author.token()),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("posting failed: " + created.statusCode() + " " + created.body());
        }
        return JSON.readTree(created.body()).path("id").asString();
    }

    private void awaitFullPage(URI home, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var page = http.send(Load.request(home, token), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() == 200 && JSON.readTree(page.body()).path("items").size() == 20) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the reader's home feed never filled a page");
    }
}
