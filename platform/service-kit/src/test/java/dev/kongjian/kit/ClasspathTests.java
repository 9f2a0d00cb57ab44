package dev.kongjian.kit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.ClassUtils;

/** What the kit keeps off every service's class path, and why. */
class ClasspathTests {

    /**
     * Spring Cloud brings BouncyCastle for encrypted ({cipher}) properties, which Kongjian does not
     * use. Its start-up bootstrapper loads a few of its classes anyway, and the class loader then
     * keeps the jar's manifest, a digest line per class: 3.8 MB of every service's heap (found in
     * a heap dump of feed-service). user-service declares it itself, for Argon2.
     */
    @Test
    void bouncyCastleIsNotOnTheClassPath() {
        assertThat(ClassUtils.isPresent("org.bouncycastle.asn1.ASN1Sequence", null)).isFalse();
    }
}
