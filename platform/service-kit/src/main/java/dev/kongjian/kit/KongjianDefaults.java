package dev.kongjian.kit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The settings every service shares, added with the lowest precedence so a service's
 * {@code application.yml} or an environment variable can still change any of them.
 */
public final class KongjianDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "kongjianServiceDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.threads.virtual.enabled", "true");
        defaults.put("spring.mvc.problemdetails.enabled", "true");
        defaults.put("server.shutdown", "graceful");
        // 1.5 where a whole number belongs (a quantity, an amount of coins) is a 400, not quietly 1
        defaults.put("spring.jackson.deserialization.accept-float-as-int", "false");
        // the gateway keeps its connections to a service open; do not make it reconnect every 100 requests
        defaults.put("server.tomcat.max-keep-alive-requests", "-1");
        defaults.put("server.tomcat.keep-alive-timeout", "60s");
        // with virtual threads every open connection with a request in it holds Tomcat's buffers for it,
        // about 75 KB, until its request is answered (or refused): Tomcat's 8,192 would be 600 MB, and
        // 1,000 still ran a cold feed-service's heap into back-to-back full collections (measured).
        // The gateway opens one per request it has in flight to an instance: 256 is more than an
        // instance works on and queues (100 + 100); further ones wait to be accepted
        defaults.put("server.tomcat.max-connections", "256");
        defaults.put("server.error.include-stacktrace", "never");
        defaults.put("server.error.include-message", "never");
        defaults.put("server.error.whitelabel.enabled", "false");
        defaults.put("spring.mongodb.uri", "${SPRING_DATA_MONGODB_URI:mongodb://localhost:27017}");
        defaults.put("spring.data.redis.url", "${SPRING_DATA_REDIS_URL:redis://localhost:6379}");
        // a stalled Redis must fail a request in time, not hold it for Lettuce's default minute
        defaults.put("spring.data.redis.timeout", "2s");
        defaults.put("spring.data.redis.connect-timeout", "2s");
        defaults.put("spring.kafka.bootstrap-servers", "${SPRING_KAFKA_BOOTSTRAP_SERVERS:localhost:9092}");
        defaults.put("spring.kafka.producer.acks", "all");
        defaults.put("spring.kafka.producer.properties.enable.idempotence", "true");
        // events wait at most 1 ms for company: fan-out latency matters more than batch size
        defaults.put("spring.kafka.producer.properties.linger.ms", "1");
        defaults.put("spring.kafka.consumer.group-id", "${spring.application.name}");
        defaults.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        defaults.put("spring.kafka.consumer.enable-auto-commit", "false");
        defaults.put("spring.kafka.listener.observation-enabled", "true");
        defaults.put("spring.kafka.template.observation-enabled", "true");
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.endpoint.health.group.readiness.include", "readinessState,mongo,redis");
        defaults.put("management.metrics.tags.application", "${spring.application.name}");
        // a timer per MongoDB command makes the driver copy every reply for its listener: 13% of what
        // feed-service allocated per home-feed page (148 -> 128 KB). The connection pools stay measured.
        defaults.put("management.metrics.mongodb.command.enabled", "false");
        // every log line carries a trace id; one trace in ten is recorded for export
        defaults.put("management.tracing.sampling.probability", "0.1");
        defaults.put("management.otlp.metrics.export.enabled", "false");
        // one observation per security filter per request costs more than it tells
        defaults.put("management.observations.enable.spring.security", "false");
        defaults.put("management.zipkin.tracing.export.enabled", "false");
        defaults.put("eureka.client.service-url.defaultZone", "${EUREKA_URL:http://localhost:8761/eureka/}");
        defaults.put("eureka.client.registry-fetch-interval-seconds", "5");
        defaults.put("eureka.instance.prefer-ip-address", "true");
        defaults.put("eureka.instance.lease-renewal-interval-in-seconds", "5");
        defaults.put("eureka.instance.lease-expiration-duration-in-seconds", "15");
        defaults.put("eureka.instance.instance-id", "${spring.application.name}:${random.uuid}");
        // the Eureka client already holds the registry; the load balancer's own copy is kept briefly
        defaults.put("spring.cloud.loadbalancer.cache.ttl", "3s");
        // the OpenAPI document covers the client API only (not actuator, not the error page)
        // on by choice (said, so springdoc does not warn at every start); SPRINGDOC_API_DOCS_ENABLED=false turns it off
        defaults.put("springdoc.api-docs.enabled", "true");
        defaults.put("springdoc.paths-to-match", "/api/**,/.well-known/**");
        defaults.put("springdoc.default-produces-media-type", "application/json");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }
}
