package dev.orchestrator.logging;

import org.jspecify.annotations.Nullable;

/**
 * The logging SPI of the framework. Implement {@link #log} to send the framework's
 * messages anywhere; the Spring Boot starter provides one that writes to SLF4J.
 *
 * <p>Implementations must be thread-safe: the framework logs from worker, scheduler and
 * delivery threads concurrently. They should not throw; an exception thrown by a logger is
 * ignored by the framework.
 */
public interface OrchestratorLogger {

    /**
     * Logs one message.
     *
     * @param level the severity, never {@code null}
     * @param message the message, never {@code null}
     * @param error the error that caused the message, or {@code null}
     */
    void log(LogLevel level, String message, @Nullable Throwable error);

    /**
     * Whether messages of this level are written at all. The framework checks it before building
     * expensive messages. The default says yes for every level.
     *
     * @param level the severity
     * @return {@code true} when {@link #log} would write a message of this level
     */
    default boolean isEnabled(LogLevel level) {
        return true;
    }

    /**
     * Logs at {@link LogLevel#DEBUG}.
     *
     * @param message the message
     */
    default void debug(String message) {
        log(LogLevel.DEBUG, message, null);
    }

    /**
     * Logs at {@link LogLevel#INFO}.
     *
     * @param message the message
     */
    default void info(String message) {
        log(LogLevel.INFO, message, null);
    }

    /**
     * Logs at {@link LogLevel#WARNING}.
     *
     * @param message the message
     */
    default void warning(String message) {
        log(LogLevel.WARNING, message, null);
    }

    /**
     * Logs at {@link LogLevel#WARNING} with the error that caused it.
     *
     * @param message the message
     * @param error the cause, or {@code null}
     */
    default void warning(String message, @Nullable Throwable error) {
        log(LogLevel.WARNING, message, error);
    }

    /**
     * Logs at {@link LogLevel#ERROR}.
     *
     * @param message the message
     * @param error the cause, or {@code null}
     */
    default void error(String message, @Nullable Throwable error) {
        log(LogLevel.ERROR, message, error);
    }
}
