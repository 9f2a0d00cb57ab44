package dev.kongjian.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.Ordered;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

/**
 * Records the name of every observation an application creates, switched on or not. Declared as
 * a bean, Spring Boot hands it to the observation registry ahead of its own predicates (which
 * would otherwise stop the question for names switched off by property), so a test can show
 * which observations a request costs.
 */
public final class ObservedNames implements ObservationPredicate, Ordered {

    private final Set<String> names = ConcurrentHashMap.newKeySet();

    @Override
    public boolean test(String name, Observation.Context context) {
        names.add(name);
        return true;
    }

    /** The names seen so far. */
    public Set<String> names() {
        return Set.copyOf(names);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
