package dev.kongjian.kit.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;

import dev.kongjian.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Sends confirmed outbox events to Kafka (idempotent producer, {@code acks=all}) and deletes
 * them once the broker has them; repairs events whose change may have been interrupted. Any
 * number of instances may run it: each claims a batch under a lease.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxProperties properties;
    private final Clock clock;
    private final String owner;
    private final Timer delay;
    private final Counter published;
    private final Counter dropped;
    private final Object signal = new Object();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean woken;
    private Thread worker;
    /** Only the relay's thread reads and writes it. */
    private Instant nextRepair = Instant.MIN;

    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, String> kafka, OutboxProperties properties,
            Clock clock, String owner, MeterRegistry meters) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
        this.owner = owner;
        this.delay = Timer.builder("kongjian.outbox.delay")
                .description("Time from an event's change to the broker acknowledging it")
                .publishPercentileHistogram()
                .register(meters);
        this.published = Counter.builder("kongjian.outbox.published").register(meters);
        this.dropped = Counter.builder("kongjian.outbox.dropped")
                .description("Prepared events whose change never happened").register(meters);
    }

    /** Asks the relay to look now rather than at its next tick. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            mongo.indexOps(Outbox.COLLECTION).createIndex(new Index().on("state", Sort.Direction.ASC)
                    .on("createdAt", Sort.Direction.ASC));
            worker = Thread.ofPlatform().daemon().name("outbox-relay").start(this::loop);
        }
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            wake();
            try {
                worker.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public int getPhase() {
        // stops after the web server (so accepted requests still get their events sent)
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private void loop() {
        while (running.get()) {
            try {
                int sent = relayOnce();
                if (sent < properties.batchSize()) {
                    repairWhenDue();
                    waitForWork();
                }
            } catch (RuntimeException e) {
                log.warn("Outbox relay could not send events, retrying: {}", e.toString());
                sleep(properties.pollInterval().multipliedBy(4));
            }
        }
    }

    /** Sends one batch; returns how many events were sent. */
    int relayOnce() {
        List<OutboxRecord> batch = claimBatch();
        if (batch.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
        for (OutboxRecord record : batch) {
            var producerRecord = new ProducerRecord<String, String>(record.topic(), record.key(), record.payload());
            producerRecord.headers().add(Topics.TYPE_HEADER, record.type().getBytes(StandardCharsets.UTF_8));
            sends.add(kafka.send(producerRecord));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
        List<String> ids = batch.stream().map(OutboxRecord::id).toList();
        mongo.remove(Query.query(Criteria.where("_id").in(ids)), Outbox.COLLECTION);
        Instant now = clock.instant();
        batch.forEach(record -> delay.record(Duration.between(record.createdAt(), now)));
        published.increment(batch.size());
        return batch.size();
    }

    private List<OutboxRecord> claimBatch() {
        Instant now = clock.instant();
        List<OutboxRecord> batch = new ArrayList<>();
        Query claimable = Query.query(Criteria.where("state").is(OutboxRecord.State.READY)
                .orOperator(Criteria.where("leaseUntil").is(null), Criteria.where("leaseUntil").lt(now)))
                .with(Sort.by("createdAt"));
        Update claim = Update.update("leaseUntil", now.plus(properties.lease())).set("leaseOwner", owner);
        while (batch.size() < properties.batchSize()) {
            OutboxRecord record = mongo.findAndModify(claimable, claim, FindAndModifyOptions.options().returnNew(true),
                    OutboxRecord.class, Outbox.COLLECTION);
            if (record == null) {
                break;
            }
            batch.add(record);
        }
        return batch;
    }

    /**
     * Prepared events only become stale after the grace period, so looking for them twice per
     * grace period is enough; every idle tick did it before (an idle service's relay was most of
     * its CPU).
     */
    private void repairWhenDue() {
        Instant now = clock.instant();
        if (!now.isBefore(nextRepair)) {
            repairPrepared();
            nextRepair = now.plus(properties.prepareGrace().dividedBy(2));
        }
    }

    /** Settles events prepared long ago whose change may have been interrupted by a crash. */
    void repairPrepared() {
        Instant cutoff = clock.instant().minus(properties.prepareGrace());
        List<OutboxRecord> stale = mongo.find(Query.query(Criteria.where("state").is(OutboxRecord.State.PREPARED)
                .and("createdAt").lt(cutoff)).limit(properties.batchSize()), OutboxRecord.class, Outbox.COLLECTION);
        for (OutboxRecord record : stale) {
            boolean happened = mongo.exists(Query.query(Criteria.where("_id").is(record.documentId())
                    .and(Outbox.MARK_FIELD).is(record.id())), record.collection());
            Query one = Query.query(Criteria.where("_id").is(record.id()).and("state").is(OutboxRecord.State.PREPARED));
            if (happened) {
                mongo.updateFirst(one, Update.update("state", OutboxRecord.State.READY), Outbox.COLLECTION);
            } else {
                mongo.remove(one, Outbox.COLLECTION);
                dropped.increment();
                log.info("Dropped outbox event {} ({}): its change never happened", record.id(), record.type());
            }
        }
    }

    private void waitForWork() {
        synchronized (signal) {
            if (!woken && running.get()) {
                try {
                    signal.wait(properties.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running.set(false);
                }
            }
            woken = false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
