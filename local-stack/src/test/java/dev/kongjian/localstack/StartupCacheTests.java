package dev.kongjian.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupCacheTests {

    @TempDir
    Path target;

    @Test
    void withoutACacheTheApplicationStartsFromItsBootJar() throws IOException {
        Path bootJar = bootJar("class bytes");

        var cache = StartupCache.of(bootJar);

        assertThat(cache.isValid()).isFalse();
        assertThat(cache.launchArguments()).containsExactly("-jar", bootJar.toString());
    }

    @Test
    void aRecordedCacheStartsTheUnpackedJarWithIt() throws IOException {
        var cache = recordedCache(bootJar("class bytes"));

        assertThat(cache.isValid()).isTrue();
        assertThat(cache.launchArguments()).contains("-XX:ArchiveRelocationMode=0")
                .anyMatch(argument -> argument.endsWith("=" + cache.cacheFile()))
                .endsWith("-jar", target.resolve("startup-cache/application.jar").toString());
    }

    @Test
    void aBootJarWrittenAgainWithTheSameContentKeepsItsCache() throws IOException {
        var cache = recordedCache(bootJar("class bytes"));

        bootJar("class bytes");
        Files.setLastModifiedTime(target.resolve("app-exec.jar"), FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(cache.isValid()).isTrue();
    }

    @Test
    void aBootJarWithOtherContentMakesTheCacheStale() throws IOException {
        var cache = recordedCache(bootJar("class bytes"));

        Path changed = bootJar("other class bytes");

        assertThat(cache.isValid()).isFalse();
        assertThat(cache.launchArguments()).containsExactly("-jar", changed.toString());
    }

    @Test
    void aKeyWithoutItsCacheFileIsNotACache() throws IOException {
        var cache = recordedCache(bootJar("class bytes"));

        Files.delete(cache.cacheFile());

        assertThat(cache.isValid()).isFalse();
    }

    private StartupCache recordedCache(Path bootJar) throws IOException {
        var cache = StartupCache.of(bootJar);
        Files.createDirectories(cache.cacheFile().getParent());
        Files.writeString(cache.cacheFile(), "recorded classes");
        cache.markRecorded();
        return cache;
    }

    /** A jar with one entry, its time the moment it is written (as each build writes the Boot jar). */
    private Path bootJar(String content) throws IOException {
        Path jar = target.resolve("app-exec.jar");
        try (OutputStream file = Files.newOutputStream(jar); var zip = new ZipOutputStream(file)) {
            var entry = new ZipEntry("BOOT-INF/classes/App.class");
            entry.setTime(System.currentTimeMillis());
            zip.putNextEntry(entry);
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }
}
