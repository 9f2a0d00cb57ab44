package dev.kongjian.kit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.kongjian.events.Topics;
import dev.kongjian.kit.idempotency.IdempotencyFilter;
import dev.kongjian.kit.idempotency.IdempotencyProperties;
import dev.kongjian.kit.idempotency.RunningRequests;
import dev.kongjian.kit.messaging.EventConsumerErrors;
import dev.kongjian.kit.messaging.ProcessedEvents;
import dev.kongjian.kit.outbox.Outbox;
import dev.kongjian.kit.outbox.OutboxProperties;
import dev.kongjian.kit.outbox.OutboxRelay;
import dev.kongjian.kit.paging.PageRequestResolver;
import dev.kongjian.kit.problem.ProblemErrorController;
import dev.kongjian.kit.problem.ProblemHandler;
import dev.kongjian.kit.security.CurrentUserResolver;
import dev.kongjian.kit.security.ResourceServerConfiguration;
import dev.kongjian.kit.users.UserDirectory;
import dev.kongjian.kit.web.DiscoveryDeparture;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** Wires the service kit into every Kongjian service. */
@AutoConfiguration(beforeName = { "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration" })
@Import({ ResourceServerConfiguration.class, dev.kongjian.kit.web.ApiDocumentation.class })
@EnableConfigurationProperties({ IdempotencyProperties.class, OutboxProperties.class })
public class KongjianServiceAutoConfiguration {

    /** An opaque tag of this JVM: it names the instance in logs, leases and X-Served-By. */
    static final String INSTANCE_TAG = HexFormat.of().toHexDigits(UUID.randomUUID().getMostSignificantBits())
            .substring(0, 8);

    /**
     * How long an instance keeps serving after it left discovery on shutdown: the discovery server's
     * cache (2 s), the gateways' registry fetch (5 s) and their load balancer's cache (3 s).
     */
    @Bean
    DiscoveryDeparture discoveryDeparture(ObjectProvider<AutoServiceRegistration> registration,
            @Value("${kongjian.shutdown.drain:10s}") Duration drain) {
        return new DiscoveryDeparture(registration, drain);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    dev.kongjian.kit.web.MongoPing mongoHealthIndicator(MongoTemplate mongo) {
        return new dev.kongjian.kit.web.MongoPing(mongo);
    }

    @Bean
    ProblemHandler problemHandler() {
        return new ProblemHandler();
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    WebMvcConfigurer kongjianArgumentResolvers() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CurrentUserResolver());
                resolvers.add(new PageRequestResolver());
            }
        };
    }

    @Bean
    FilterRegistrationBean<dev.kongjian.kit.web.ServedByFilter> servedByFilter(
            @Value("${spring.application.name:service}") String application) {
        var registration = new FilterRegistrationBean<>(
                new dev.kongjian.kit.web.ServedByFilter(application, INSTANCE_TAG));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Right after the served-by header, so that a refused request costs next to nothing. */
    @Bean
    FilterRegistrationBean<dev.kongjian.kit.web.ConcurrencyLimitFilter> concurrencyLimitFilter(
            @Value("${kongjian.http.max-concurrent-requests:100}") int limit,
            @Value("${kongjian.http.max-queued-requests:100}") int maxWaiting,
            @Value("${kongjian.http.max-queue-wait:1s}") Duration maxWait, JsonMapper json, MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(
                new dev.kongjian.kit.web.ConcurrencyLimitFilter(limit, maxWaiting, maxWait, json, meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<dev.kongjian.kit.web.BodyLimitFilter> bodyLimitFilter(
            @Value("${kongjian.http.max-body-size:1MB}") DataSize limit, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new dev.kongjian.kit.web.BodyLimitFilter(limit.toBytes(), json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    RunningRequests runningRequests(StringRedisTemplate redis, IdempotencyProperties properties) {
        return new RunningRequests(redis, properties.leaseFor());
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(StringRedisTemplate redis, RunningRequests running,
            JsonMapper json, IdempotencyProperties properties,
            @Value("${spring.application.name:service}") String application) {
        var registration = new FilterRegistrationBean<>(
                new IdempotencyFilter(redis, running, json, properties, application));
        // after Spring Security, which tells who the caller is
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }

    @Bean
    @org.springframework.cloud.client.loadbalancer.LoadBalanced
    @ConditionalOnMissingBean(name = "userDirectoryRestTemplate")
    org.springframework.web.client.RestTemplate userDirectoryRestTemplate() {
        var factory = new org.springframework.http.client.SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(1_000);
        factory.setReadTimeout(2_000);
        return new org.springframework.web.client.RestTemplate(factory);
    }

    /** A second opinion from user-service where a service's replica says no: see {@link UserDirectory}. */
    @Bean
    @ConditionalOnMissingBean
    UserDirectory userDirectory(org.springframework.web.client.RestTemplate userDirectoryRestTemplate,
            org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory<?, ?> circuits,
            @Value("${kongjian.users.url:http://user-service}") String usersUrl) {
        return new UserDirectory(userDirectoryRestTemplate, usersUrl, circuits.create("user-directory"));
    }

    @Bean
    OutboxRelay outboxRelay(MongoTemplate mongo, KafkaTemplate<String, String> kafka, OutboxProperties properties,
            Clock clock, @Value("${spring.application.name:service}") String application, MeterRegistry meters) {
        return new OutboxRelay(mongo, kafka, properties, clock, application + "/" + INSTANCE_TAG, meters);
    }

    @Bean
    Outbox outbox(MongoTemplate mongo, Clock clock, OutboxRelay relay) {
        return new Outbox(mongo, clock, relay::wake);
    }

    @Bean
    ProcessedEvents processedEvents(MongoTemplate mongo, Clock clock) {
        return new ProcessedEvents(mongo, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    CommonErrorHandler eventConsumerErrorHandler(KafkaTemplate<String, String> template,
            @Value("${kongjian.events.max-retries:4}") int maxRetries) {
        return EventConsumerErrors.errorHandler(template, maxRetries);
    }

    @Bean
    KafkaAdmin.NewTopics kongjianTopics(@Value("${kongjian.events.partitions:6}") int partitions,
            @Value("${kongjian.events.replicas:1}") short replicas) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            topics.add(TopicBuilder.name(topic).partitions(partitions).replicas(replicas).build());
            topics.add(TopicBuilder.name(Topics.deadLetterOf(topic)).partitions(partitions).replicas(replicas).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
