package dev.kongjian.gateway;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP client the gateway forwards with: Spring Cloud Gateway's, configured by
 * {@code spring.cloud.gateway.server.webflux.httpclient}, with its connection pool split into one
 * pool per event loop ({@link EventLoopPools}); an instance that refuses connections is left out
 * for a while, and a read it refused goes to another ({@link RefusedConnections}).
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = LoadBalancing.class)
class ServiceConnections {

    @Bean
    HttpClientFactory gatewayHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
            List<HttpClientCustomizer> customizers, HttpClientSslConfigurer sslConfigurer) {
        return new HttpClientFactory(properties, serverProperties, sslConfigurer, customizers) {
            @Override
            protected ConnectionProvider buildConnectionProvider(HttpClientProperties configured) {
                ConnectionProvider pool = super.buildConnectionProvider(configured);
                if (configured.getPool().getType() == HttpClientProperties.Pool.PoolType.DISABLED) {
                    return pool;
                }
                return new EventLoopPools(pool, LoopResources.DEFAULT_IO_WORKER_COUNT);
            }
        };
    }

    @Bean
    RefusingInstances refusingInstances() {
        // as long as a crashed instance's lease (15 s) and the caches after it, roughly; renewed by each refusal
        return new RefusingInstances(Duration.ofSeconds(10));
    }

    @Bean
    RefusedConnections refusedConnections(RefusingInstances refusing) {
        return new RefusedConnections(refusing);
    }
}
