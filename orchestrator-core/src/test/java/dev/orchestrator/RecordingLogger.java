package dev.orchestrator;

import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.OrchestratorLogger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Keeps every line the engine logs, for the core's tests of what is logged. It implements only
 * {@link OrchestratorLogger#log}, so every other call goes through the interface's defaults.
 * Thread-safe.
 */
public final class RecordingLogger implements OrchestratorLogger {

    /**
     * One logged line.
     *
     * @param level its level
     * @param message its message
     * @param error the error logged with it, if any
     */
    public record Line(
            LogLevel level, String message, @Nullable Throwable error) {}

    /** Every line logged so far, in order. */
    public final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public void log(LogLevel level, String message, @Nullable Throwable error) {
        lines.add(new Line(level, message, error));
    }

    /** {@return the lines logged at that level, in order} */
    public List<Line> at(LogLevel level) {
        return lines.stream().filter(l -> l.level() == level).collect(Collectors.toList());
    }

    /** {@return the ERROR lines whose message contains {@code text}, in order} */
    public List<Line> errorsMentioning(String text) {
        return lines.stream()
                .filter(l -> l.level() == LogLevel.ERROR && l.message().contains(text))
                .collect(Collectors.toList());
    }
}
