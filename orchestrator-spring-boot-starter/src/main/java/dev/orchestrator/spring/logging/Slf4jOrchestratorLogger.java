package dev.orchestrator.spring.logging;

import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.OrchestratorLogger;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the framework's messages to SLF4J (so to Spring Boot's logging), under the logger
 * {@value #LOGGER_NAME}, for levels at or above a minimum. {@code WARNING} maps to SLF4J's
 * {@code WARN}. Thread-safe.
 */
public final class Slf4jOrchestratorLogger implements OrchestratorLogger {

    /** Name of the SLF4J logger. */
    public static final String LOGGER_NAME = "dev.orchestrator";

    private final Logger logger;
    private final LogLevel minLevel;

    /**
     * Creates a logger that writes to the SLF4J logger {@code dev.orchestrator}.
     *
     * @param minLevel the least severe level written, not {@code null}
     */
    public Slf4jOrchestratorLogger(LogLevel minLevel) {
        this(LoggerFactory.getLogger(LOGGER_NAME), minLevel);
    }

    Slf4jOrchestratorLogger(Logger logger, LogLevel minLevel) {
        this.logger = logger;
        this.minLevel = Objects.requireNonNull(minLevel, "minLevel must not be null");
    }

    @Override
    public boolean isEnabled(LogLevel level) {
        if (level.compareTo(minLevel) < 0) {
            return false;
        }
        return switch (level) {
            case DEBUG -> logger.isDebugEnabled();
            case INFO -> logger.isInfoEnabled();
            case WARNING -> logger.isWarnEnabled();
            case ERROR -> logger.isErrorEnabled();
        };
    }

    @Override
    public void log(LogLevel level, String message, @Nullable Throwable error) {
        if (!isEnabled(level)) {
            return;
        }
        switch (level) {
            case DEBUG -> logger.debug(message, error);
            case INFO -> logger.info(message, error);
            case WARNING -> logger.warn(message, error);
            case ERROR -> logger.error(message, error);
        }
    }
}
