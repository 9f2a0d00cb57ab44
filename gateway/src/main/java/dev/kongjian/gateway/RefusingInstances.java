package dev.kongjian.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import reactor.core.publisher.Flux;

/**
 * The service instances that lately refused a connection (or let one time out), which the load
 * balancer leaves out for {@code memory} after the last such failure: discovery lists a crashed
 * instance until its lease expires, and without this every request sent there in the meantime
 * failed. Each gateway instance learns on its own, from its own connections. When every instance of
 * a service is refusing, none is left out, and the breaker answers.
 */
final class RefusingInstances {

    private final long memoryNanos;
    private final Map<String, Long> refusingUntil = new ConcurrentHashMap<>();

    RefusingInstances(Duration memory) {
        this.memoryNanos = memory.toNanos();
    }

    void refused(ServiceInstance instance) {
        refusingUntil.put(address(instance), System.nanoTime() + memoryNanos);
    }

    List<ServiceInstance> without(List<ServiceInstance> instances) {
        if (refusingUntil.isEmpty()) {
            return instances;
        }
        long now = System.nanoTime();
        List<ServiceInstance> answering = instances.stream().filter(instance -> !refusing(address(instance), now))
                .toList();
        return answering.isEmpty() ? instances : answering;
    }

    private boolean refusing(String address, long now) {
        Long until = refusingUntil.get(address);
        if (until == null) {
            return false;
        }
        if (until - now > 0) {
            return true;
        }
        refusingUntil.remove(address, until);
        return false;
    }

    private static String address(ServiceInstance instance) {
        return instance.getHost() + ":" + instance.getPort();
    }

    /** The instances discovery lists (through the load balancer's cache), less those refusing. */
    ServiceInstanceListSupplier leaveOut(ServiceInstanceListSupplier discovered) {
        return new DelegatingServiceInstanceListSupplier(discovered) {
            @Override
            public Flux<List<ServiceInstance>> get() {
                return getDelegate().get().map(RefusingInstances.this::without);
            }

            @Override
            @SuppressWarnings("rawtypes") // as ServiceInstanceListSupplier declares it
            public Flux<List<ServiceInstance>> get(Request request) {
                return getDelegate().get(request).map(RefusingInstances.this::without);
            }
        };
    }
}
