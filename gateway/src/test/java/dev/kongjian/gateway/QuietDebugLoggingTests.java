package dev.kongjian.gateway;

import org.junit.jupiter.api.Test;

import dev.kongjian.testing.QuietDebugLogging;

/** Spring's lazy debug messages cost the gateway nothing while debug is off (see META-INF/services). */
class QuietDebugLoggingTests {

    @Test
    void aMessageOfALevelThatIsOffIsNeverRendered() {
        QuietDebugLogging.assertMessagesOfLevelsThatAreOffAreNeverRendered();
    }
}
