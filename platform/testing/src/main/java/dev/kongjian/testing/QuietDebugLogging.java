package dev.kongjian.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;

/**
 * Checks that an application routes Spring's logging (commons-logging) so that a message of a
 * level that is off is never rendered: Spring code logs lazy messages at debug on every request,
 * and commons-logging's own SLF4J adapter renders them before it asks about the level (its
 * {@code META-INF/services} entry in the application chooses the Log4j API adapter instead).
 */
public final class QuietDebugLogging {

    private QuietDebugLogging() {
    }

    public static void assertMessagesOfLevelsThatAreOffAreNeverRendered() {
        String name = "dev.kongjian.quiet";
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO);
        AtomicInteger renderings = new AtomicInteger();
        Object message = new Object() {
            @Override
            public String toString() {
                renderings.incrementAndGet();
                return "rendered";
            }
        };
        Log log = LogFactory.getLog(name);

        log.debug(message);
        log.trace(message);
        assertThat(renderings).as("renderings of debug and trace messages with the level at INFO").hasValue(0);

        log.info(message);
        assertThat(renderings).as("renderings of an info message").hasValue(1);
    }
}
