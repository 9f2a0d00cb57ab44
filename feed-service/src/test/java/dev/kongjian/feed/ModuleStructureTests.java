package dev.kongjian.feed;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Each feature package (CONVENTIONS.md, package by feature) is a module: none depends on another in a cycle. */
class ModuleStructureTests {

    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        ApplicationModules.of(FeedApplication.class).verify();
    }
}
