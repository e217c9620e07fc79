package dev.orchestrator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.RecordingLogger.Line;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Pins OrchestratorLogger: its convenience methods route to log with the right level and error
 * ({@link RecordingLogger} implements only the one abstract method, so every other call goes through
 * the defaults).
 */
class OrchestratorLoggerTest {

    @Test
    void debugInfoAndWarningRouteToLogWithoutAnError() {
        RecordingLogger logger = new RecordingLogger();

        logger.debug("d");
        logger.info("i");
        logger.warning("w");

        assertThat(logger.lines)
                .containsExactly(
                        new Line(LogLevel.DEBUG, "d", null),
                        new Line(LogLevel.INFO, "i", null),
                        new Line(LogLevel.WARNING, "w", null));
    }

    @Test
    void warningAndErrorWithACauseRouteItToLog() {
        RecordingLogger logger = new RecordingLogger();
        RuntimeException cause = new RuntimeException("cause");
        IllegalStateException failure = new IllegalStateException("failure");

        logger.warning("w", cause);
        logger.error("e", failure);
        logger.error("e2", null);

        assertThat(logger.lines)
                .containsExactly(
                        new Line(LogLevel.WARNING, "w", cause),
                        new Line(LogLevel.ERROR, "e", failure),
                        new Line(LogLevel.ERROR, "e2", null));
        assertThat(logger.lines.get(0).error()).isSameAs(cause);
        assertThat(logger.lines.get(1).error()).isSameAs(failure);
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
