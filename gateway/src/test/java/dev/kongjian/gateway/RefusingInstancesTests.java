package dev.kongjian.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import reactor.core.publisher.Flux;

class RefusingInstancesTests {

    final ServiceInstance one = new DefaultServiceInstance("feed-1", "feed-service", "10.0.0.1", 8080, false);
    final ServiceInstance two = new DefaultServiceInstance("feed-2", "feed-service", "10.0.0.2", 8080, false);
    /** the same address registered again, as an instance restarted in place registers under a new id */
    final ServiceInstance twoAgain = new DefaultServiceInstance("feed-2b", "feed-service", "10.0.0.2", 8080, false);

    @Test
    void anInstanceThatRefusedIsLeftOutByItsAddress() {
        var refusing = new RefusingInstances(Duration.ofMinutes(1));

        refusing.refused(two);

        assertThat(refusing.without(List.of(one, two, twoAgain))).containsExactly(one);
    }

    @Test
    void itIsTriedAgainOnceTheMemoryHasPassed() {
        var refusing = new RefusingInstances(Duration.ofMillis(200));
        refusing.refused(two);

        await().atMost(Duration.ofSeconds(5)).until(() -> refusing.without(List.of(one, two)).size() == 2);
    }

    @Test
    void whenEveryInstanceRefusesNoneIsLeftOut() {
        var refusing = new RefusingInstances(Duration.ofMinutes(1));
        refusing.refused(one);
        refusing.refused(two);

        assertThat(refusing.without(List.of(one, two))).containsExactly(one, two);
    }

    @Test
    void theLoadBalancerSeesDiscoveryLessTheRefusing() {
        var refusing = new RefusingInstances(Duration.ofMinutes(1));
        refusing.refused(one);
        ServiceInstanceListSupplier discovered = new ServiceInstanceListSupplier() {
            @Override
            public String getServiceId() {
                return "feed-service";
            }

            @Override
            public Flux<List<ServiceInstance>> get() {
                return Flux.just(List.of(one, two));
            }
        };

        var supplier = refusing.leaveOut(discovered);

        assertThat(supplier.getServiceId()).isEqualTo("feed-service");
        assertThat(supplier.get().blockFirst()).containsExactly(two);
    }
}
