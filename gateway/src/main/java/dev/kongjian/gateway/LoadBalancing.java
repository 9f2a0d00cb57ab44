package dev.kongjian.gateway;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The load balancer's configuration for every service (each gets a context of its own; hence no
 * {@code @Configuration} here, which component scanning would pick up): the instances discovery
 * lists, through the load balancer's cache, less those that lately refused a connection.
 */
class LoadBalancing {

    @Bean
    ServiceInstanceListSupplier discoveryClientServiceInstanceListSupplier(ConfigurableApplicationContext context,
            RefusingInstances refusing) {
        return ServiceInstanceListSupplier.builder().withDiscoveryClient().withCaching()
                .with((ignored, discovered) -> refusing.leaveOut(discovered)).build(context);
    }
}
