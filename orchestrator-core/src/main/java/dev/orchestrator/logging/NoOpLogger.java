package dev.orchestrator.logging;

import org.jspecify.annotations.Nullable;

/**
 * A logger that discards every message. Stateless and thread-safe; use {@link #INSTANCE}.
 */
public final class NoOpLogger implements OrchestratorLogger {

    /** The shared instance. */
    public static final NoOpLogger INSTANCE = new NoOpLogger();

    /** Creates a logger that discards everything; prefer {@link #INSTANCE}. */
    public NoOpLogger() {}

    @Override
    public boolean isEnabled(LogLevel level) {
        return false;
    }

    @Override
    public void log(LogLevel level, String message, @Nullable Throwable error) {
        // discarded on purpose
    }
}
