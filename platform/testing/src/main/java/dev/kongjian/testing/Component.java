package dev.kongjian.testing;

import java.util.List;

/** A piece of infrastructure the services need, and the standard variables that point at a real one. */
public enum Component {

    MONGODB(List.of("SPRING_MONGODB_URI", "SPRING_DATA_MONGODB_URI")),
    KAFKA(List.of("SPRING_KAFKA_BOOTSTRAP_SERVERS")),
    REDIS(List.of("SPRING_DATA_REDIS_URL"));

    private final List<String> environmentVariables;

    Component(List<String> environmentVariables) {
        this.environmentVariables = environmentVariables;
    }

    public List<String> environmentVariables() {
        return environmentVariables;
    }
}
