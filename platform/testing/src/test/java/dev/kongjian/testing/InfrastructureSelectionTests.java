package dev.kongjian.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class InfrastructureSelectionTests {

    @Test
    void standardVariableWinsOverDockerAndEmbedded() {
        var selection = new InfrastructureSelection(Map.of("SPRING_DATA_MONGODB_URI", "mongodb://db:27017"), () -> true);

        assertThat(selection.modeOf(Component.MONGODB)).isEqualTo(Mode.EXTERNAL);
        assertThat(selection.externalEndpoint(Component.MONGODB)).contains("mongodb://db:27017");
        assertThat(selection.modeOf(Component.KAFKA)).isEqualTo(Mode.DOCKER);
    }

    @Test
    void bootFourMongoVariableIsAlsoHonoured() {
        var selection = new InfrastructureSelection(Map.of("SPRING_MONGODB_URI", "mongodb://other:27017"), () -> false);

        assertThat(selection.externalEndpoint(Component.MONGODB)).contains("mongodb://other:27017");
    }

    @Test
    void blankVariableDoesNotCount() {
        var selection = new InfrastructureSelection(Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", " "), () -> false);

        assertThat(selection.modeOf(Component.KAFKA)).isEqualTo(Mode.EMBEDDED);
    }

    @Test
    void withoutDockerEverythingIsEmbedded() {
        var selection = new InfrastructureSelection(Map.of(), () -> false);

        assertThat(selection.modeOf(Component.MONGODB)).isEqualTo(Mode.EMBEDDED);
        assertThat(selection.modeOf(Component.KAFKA)).isEqualTo(Mode.EMBEDDED);
        assertThat(selection.modeOf(Component.REDIS)).isEqualTo(Mode.EMBEDDED);
    }

    @Test
    void dockerIsAskedOnceForAllComponents() {
        var asked = new AtomicInteger();
        var selection = new InfrastructureSelection(Map.of(), () -> asked.incrementAndGet() > 0);

        selection.modeOf(Component.MONGODB);
        selection.modeOf(Component.KAFKA);
        selection.modeOf(Component.REDIS);

        assertThat(asked).hasValue(1);
    }

    @Test
    void choiceCanBeForcedEitherWay() {
        assertThat(new InfrastructureSelection(Map.of("KONGJIAN_TEST_INFRASTRUCTURE", "embedded"), () -> true)
                .modeOf(Component.REDIS)).isEqualTo(Mode.EMBEDDED);
        assertThat(new InfrastructureSelection(Map.of("KONGJIAN_TEST_INFRASTRUCTURE", "Docker"), () -> false)
                .modeOf(Component.REDIS)).isEqualTo(Mode.DOCKER);
        assertThatIllegalStateException().isThrownBy(
                () -> new InfrastructureSelection(Map.of("KONGJIAN_TEST_INFRASTRUCTURE", "podman"), () -> false)
                        .modeOf(Component.REDIS));
    }
}
