package dev.orchestrator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Pins OrchestratorLogger: its convenience methods route to log with the right level and error. */
class OrchestratorLoggerTest {

    record Entry(LogLevel level, String message, Throwable error) {}

    /** Implements only the one abstract method, so every other call goes through the defaults. */
    static final class RecordingLogger implements OrchestratorLogger {
        final List<Entry> entries = new CopyOnWriteArrayList<>();

        @Override
        public void log(LogLevel level, String message, Throwable error) {
            entries.add(new Entry(level, message, error));
        }
    }

    @Test
    void debugInfoAndWarningRouteToLogWithoutAnError() {
        RecordingLogger logger = new RecordingLogger();

        logger.debug("d");
        logger.info("i");
        logger.warning("w");

        assertThat(logger.entries)
                .containsExactly(
                        new Entry(LogLevel.DEBUG, "d", null),
                        new Entry(LogLevel.INFO, "i", null),
                        new Entry(LogLevel.WARNING, "w", null));
    }

    @Test
    void warningAndErrorWithACauseRouteItToLog() {
        RecordingLogger logger = new RecordingLogger();
        RuntimeException cause = new RuntimeException("cause");
        IllegalStateException failure = new IllegalStateException("failure");

        logger.warning("w", cause);
        logger.error("e", failure);
        logger.error("e2", null);

        assertThat(logger.entries)
                .containsExactly(
                        new Entry(LogLevel.WARNING, "w", cause),
                        new Entry(LogLevel.ERROR, "e", failure),
                        new Entry(LogLevel.ERROR, "e2", null));
        assertThat(logger.entries.get(0).error()).isSameAs(cause);
        assertThat(logger.entries.get(1).error()).isSameAs(failure);
    }

    @Test
    void everyLevelIsEnabledByDefault() {
        RecordingLogger logger = new RecordingLogger();

        for (LogLevel level : LogLevel.values()) {
            assertThat(logger.isEnabled(level)).as("%s", level).isTrue();
        }
    }

    @Test
    void aLambdaIsALogger() {
        List<String> lines = new CopyOnWriteArrayList<>();
        OrchestratorLogger logger = (level, message, error) -> lines.add(level + ":" + message);

        logger.info("hello");
        logger.error("bad", new RuntimeException());

        assertThat(lines).containsExactly("INFO:hello", "ERROR:bad");
    }
}
