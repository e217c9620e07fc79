package dev.orchestrator.logging;

import java.io.PrintStream;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes messages of at least a minimum level to a print stream as {@code [LEVEL] message}
 *; an error follows on the next lines as its stack trace, each exception named by class
 * and quoted message ({@link LogText#error}) so that a message cannot forge a line. Meant for
 * development.
 *
 * <p>Thread-safe: each message is written with one {@code println} call per line.
 */
public final class ConsoleLogger implements OrchestratorLogger {

    /** The minimum level used when none is given: {@link LogLevel#INFO}. */
    public static final LogLevel DEFAULT_MIN_LEVEL = LogLevel.INFO;

    private final LogLevel minLevel;
    private final PrintStream out;

    /** Creates a logger that writes {@code INFO} and above to {@code System.out}. */
    public ConsoleLogger() {
        this(DEFAULT_MIN_LEVEL);
    }

    /**
     * Creates a logger that writes messages of {@code minLevel} and above to {@code System.out}.
     *
     * @param minLevel the least severe level written, not {@code null}
     */
    public ConsoleLogger(LogLevel minLevel) {
        this(minLevel, System.out);
    }

    /**
     * Creates a logger that writes messages of {@code minLevel} and above to {@code out}.
     *
     * @param minLevel the least severe level written, not {@code null}
     * @param out where to write, not {@code null}
     */
    public ConsoleLogger(LogLevel minLevel, PrintStream out) {
        this.minLevel = Objects.requireNonNull(minLevel, "minLevel must not be null");
        this.out = Objects.requireNonNull(out, "out must not be null");
    }

    /** {@return the least severe level this logger writes} */
    public LogLevel minLevel() {
        return minLevel;
    }

    @Override
    public boolean isEnabled(LogLevel level) {
        return level.compareTo(minLevel) >= 0;
    }

    @Override
    public void log(LogLevel level, String message, @Nullable Throwable error) {
        if (!isEnabled(level)) {
            return;
        }
        String line = "[" + level.name().toUpperCase(Locale.ROOT) + "] " + message;
        synchronized (out) {
            out.println(line);
            if (error != null) {
                printStackTrace(error);
            }
        }
    }

    /** Like {@link Throwable#printStackTrace}, with each exception's message quoted and escaped. */
    private void printStackTrace(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String prefix = "";
        for (Throwable current = error; current != null && seen.add(current); current = current.getCause()) {
            out.println(prefix + LogText.error(current));
            for (StackTraceElement frame : current.getStackTrace()) {
                out.println("\tat " + frame);
            }
            prefix = "Caused by: ";
        }
    }
}
