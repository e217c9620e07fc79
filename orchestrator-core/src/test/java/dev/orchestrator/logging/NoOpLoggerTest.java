package dev.orchestrator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Pins NoOpLogger: the silent logger writes nothing and reports every level disabled. */
class NoOpLoggerTest {

    @Test
    void writesNothingToSystemOutOrSystemErrAtAnyLevel() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(capture);
        System.setErr(capture);
        try {
            NoOpLogger logger = NoOpLogger.INSTANCE;
            logger.debug("d");
            logger.info("i");
            logger.warning("w");
            logger.warning("w", new RuntimeException("w"));
            logger.error("e", new RuntimeException("e"));
            for (LogLevel level : LogLevel.values()) {
                logger.log(level, "x", new IllegalStateException("x"));
            }
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void everyLevelIsDisabled() {
        for (LogLevel level : LogLevel.values()) {
            assertThat(NoOpLogger.INSTANCE.isEnabled(level)).as("%s", level).isFalse();
            assertThat(new NoOpLogger().isEnabled(level)).as("%s", level).isFalse();
        }
    }
}
