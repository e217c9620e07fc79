package dev.orchestrator.logging;

/**
 * Severity of a log message, from the least to the most severe. The declaration order is the
 * severity order: a logger with minimum level {@code INFO} drops {@code DEBUG} messages.
 */
public enum LogLevel {
    /** Detail useful while developing. */
    DEBUG,
    /** Normal operation worth recording. */
    INFO,
    /** Something unexpected that the framework recovered from. */
    WARNING,
    /** A failure that needs attention, such as a tripped circuit breaker or a failing handler. */
    ERROR
}
