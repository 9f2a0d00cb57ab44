package dev.kongjian.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.kongjian.testing.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ TestInfrastructure.class, TestTokens.class })
class MetricsIntegrationTests {

    @Autowired
    MongoTemplate mongo;

    @Autowired
    MeterRegistry meters;

    @Test
    void mongoDbConnectionPoolsAreMeasuredButNotEachCommand() {
        mongo.getCollection("metrics_probe").find().first();

        assertThat(meters.find("mongodb.driver.pool.size").gauges()).isNotEmpty();
        assertThat(meters.find("mongodb.driver.commands").timers()).isEmpty();
    }

    @Test
    void kafkaConsumersReportTheirLag() {
        // the test application's listener consumes as soon as it has its partitions
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(meters
                .find("kafka.consumer.fetch.manager.records.lag.max").functionCounters().size()
                + meters.find("kafka.consumer.fetch.manager.records.lag.max").gauges().size()).isPositive());
    }
}
