package dev.kongjian.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/** The runnable jars the stack starts, as the build packaged them (this module is built after them). */
class BootJarsIntegrationTests {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    /**
     * On JDK 24+ Netty otherwise frees each direct-memory chunk by closing a shared Arena, which
     * stops every thread of the JVM for a handshake: the gateway's CPU per proxied home-feed page
     * was 800 µs with it and 725-750 without. {@code java -jar} reads the attribute from the manifest.
     */
    @Test
    void everyApplicationMayFreeNativeMemoryWithoutStoppingItsThreads() throws IOException {
        List<String> applications = new ArrayList<>(StackOptions.SERVICES.keySet());
        applications.add(StackOptions.GATEWAY);
        applications.add(StackOptions.DISCOVERY);

        for (String application : applications) {
            try (JarFile jar = new JarFile(StartupCache.bootJar(REPOSITORY, application).toFile())) {
                assertThat(jar.getManifest().getMainAttributes().getValue("Enable-Native-Access"))
                        .as(application).isEqualTo("ALL-UNNAMED");
            }
        }
    }
}
