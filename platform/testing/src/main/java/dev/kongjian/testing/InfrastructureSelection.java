package dev.kongjian.testing;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Chooses, per component, where the tests' infrastructure comes from: an endpoint named by the
 * standard environment variable wins, then Docker when an engine answers, else the embedded
 * server. {@code KONGJIAN_TEST_INFRASTRUCTURE=embedded|docker} forces the choice.
 */
public final class InfrastructureSelection {

    static final String FORCE_VARIABLE = "KONGJIAN_TEST_INFRASTRUCTURE";

    private final Map<String, String> environment;
    private final BooleanSupplier dockerAvailable;
    private Boolean docker;

    public InfrastructureSelection(Map<String, String> environment, BooleanSupplier dockerAvailable) {
        this.environment = Map.copyOf(environment);
        this.dockerAvailable = dockerAvailable;
    }

    public Mode modeOf(Component component) {
        if (externalEndpoint(component).isPresent()) {
            return Mode.EXTERNAL;
        }
        String forced = environment.getOrDefault(FORCE_VARIABLE, "").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (forced) {
            case "embedded" -> Mode.EMBEDDED;
            case "docker" -> Mode.DOCKER;
            case "" -> dockerIsAvailable() ? Mode.DOCKER : Mode.EMBEDDED;
            default -> throw new IllegalStateException(
                    FORCE_VARIABLE + " must be 'embedded' or 'docker', not '" + forced + "'");
        };
    }

    public Optional<String> externalEndpoint(Component component) {
        return component.environmentVariables().stream()
                .map(environment::get)
                .filter(value -> value != null && !value.isBlank())
                .findFirst();
    }

    private boolean dockerIsAvailable() {
        if (docker == null) {
            docker = dockerAvailable.getAsBoolean();
        }
        return docker;
    }
}
