package dev.orchestrator.sample.export;

import dev.orchestrator.job.BaseJob;
import java.time.Duration;
import java.util.Objects;

/**
 * Exports a report. It sets no timeout of its own: the default of its type applies
 * ({@code orchestrator.jobs.ExportJob.timeout}).
 */
public final class ExportJob extends BaseJob {

    /** Sections an export writes, one progress step each. */
    public static final int SECTIONS = 10;

    private final Duration duration;

    /** @param duration time the export needs, not negative */
    public ExportJob(Duration duration) {
        this.duration = Objects.requireNonNull(duration, "duration must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
    }

    /** @return the time the export needs */
    public Duration duration() {
        return duration;
    }
}
