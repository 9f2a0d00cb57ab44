package dev.kongjian.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class StackOptionsTests {

    private static final Path REPOSITORY = Path.of("/repo");

    @Test
    void noArgumentsMeansOneOfEachOnWellKnownPortsUnderRun() {
        var options = StackOptions.fromArguments(new String[0], REPOSITORY);

        assertThat(options.wellKnownPorts()).isTrue();
        assertThat(options.keepsData()).isTrue();
        assertThat(options.runDirectory()).isEqualTo(Path.of("/repo/run"));
        StackOptions.SERVICES.keySet().forEach(service -> assertThat(options.instancesOf(service)).isEqualTo(1));
    }

    @Test
    void aThrowawayStackOnFreePortsKeepsItsDataInMemory() {
        var options = new StackOptions(REPOSITORY, REPOSITORY.resolve("target"), false, java.util.Map.of(),
                java.util.Map.of(), StackOptions.DEFAULT_JVM_ARGUMENTS);

        assertThat(options.keepsData()).isFalse();
    }

    @Test
    void scaleTakesSeveralServicesInEitherSpelling() {
        var spaced = StackOptions.fromArguments(new String[] { "--scale", "feed-service=2,mall-service=3" }, REPOSITORY);
        var joined = StackOptions.fromArguments(new String[] { "--scale=feed-service=2" }, REPOSITORY);

        assertThat(spaced.instancesOf("feed-service")).isEqualTo(2);
        assertThat(spaced.instancesOf("mall-service")).isEqualTo(3);
        assertThat(joined.instancesOf("feed-service")).isEqualTo(2);
    }

    @Test
    void anEmptyScaleFromTheMavenProfileIsNothing() {
        assertThat(StackOptions.fromArguments(new String[] { "--scale=" }, REPOSITORY).scale()).isEmpty();
    }

    @Test
    void mistakesAreExplained() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StackOptions.fromArguments(new String[] { "--scale", "cache=2" }, REPOSITORY))
                .withMessageContaining("user-service");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StackOptions.fromArguments(new String[] { "--scale", "feed-service=0" }, REPOSITORY));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StackOptions.fromArguments(new String[] { "--scale", "feed-service=two" }, REPOSITORY));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StackOptions.fromArguments(new String[] { "--verbose" }, REPOSITORY))
                .withMessageContaining("unknown option");
    }

    @Test
    void serviceJvmsGetASmallHeap() {
        var options = StackOptions.fromArguments(new String[0], REPOSITORY);

        assertThat(options.jvmArguments("feed-service")).contains("-Xmx144m", "-XX:MaxNewSize=48m", "-XX:+UseSerialGC",
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:-ShrinkHeapInSteps")
                .doesNotContain("-XX:SurvivorRatio=3");
    }

    @Test
    void userServiceSurvivorSpacesHoldAPasswordHash() {
        var options = StackOptions.fromArguments(new String[0], REPOSITORY);

        assertThat(options.jvmArguments("user-service")).contains("-Xmx144m", "-XX:+UseSerialGC")
                .endsWith("-XX:NewSize=48m", "-XX:SurvivorRatio=3");
    }
}
