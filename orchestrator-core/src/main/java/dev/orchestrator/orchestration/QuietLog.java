package dev.orchestrator.orchestration;

import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.OrchestratorLogger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Logs through the configured {@link OrchestratorLogger} from inside the engine, where whatever is
 * being reported (a job ending, a handler failing, a trip) must complete even if the logger throws:
 * a failing logger is ignored, as the SPI promises.
 */
final class QuietLog {

    private QuietLog() {}

    static void log(OrchestratorLogger logger, LogLevel level, String message, @Nullable Throwable error) {
        try {
            logger.log(level, message, error);
        } catch (RuntimeException ignored) {
            // a failing logger is ignored, as OrchestratorLogger promises
        }
    }

    /** Builds the message only when the level is enabled. */
    static void log(OrchestratorLogger logger, LogLevel level, @Nullable Throwable error, Supplier<String> message) {
        try {
            if (logger.isEnabled(level)) {
                logger.log(level, message.get(), error);
            }
        } catch (RuntimeException ignored) {
            // a failing logger is ignored, as OrchestratorLogger promises
        }
    }
}
