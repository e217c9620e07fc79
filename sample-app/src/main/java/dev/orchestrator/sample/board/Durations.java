package dev.orchestrator.sample.board;

import java.time.Duration;

/** Durations as people read them: {@code 300 ms}, {@code 2 s}, {@code 1.5 s}. */
public final class Durations {

    private Durations() {}

    /**
     * @param duration a duration, not negative
     * @return it in milliseconds below one second, else in seconds with at most one decimal
     */
    public static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
