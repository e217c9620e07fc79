package dev.orchestrator.orchestration;

import dev.orchestrator.job.BaseJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A job that has ended, as the registry remembers it. Immutable; holds no reference to the job,
 * its result or its error object.
 *
 * @param id the job's id
 * @param jobType the job's class
 * @param executor the name of the executor that ran it
 * @param bus the name of the bus its events went to
 * @param outcome how it ended
 * @param attempts how many attempts ran: the number of the last one, from 1 (0 when cancelled before it started)
 * @param dispatchedAt when it was dispatched
 * @param startedAt when its first attempt started, or {@code null} if it never did
 * @param finishedAt when it ended
 * @param errorSummary the error's class and message for failures and timeouts, or {@code null}
 */
public record FinishedJob(
        String id,
        Class<? extends BaseJob> jobType,
        String executor,
        String bus,
        JobOutcome outcome,
        int attempts,
        Instant dispatchedAt,
        @Nullable Instant startedAt,
        Instant finishedAt,
        @Nullable String errorSummary) {

    /** {@return time from start (or from dispatch, if it never started) to end; never negative} */
    public Duration duration() {
        Duration duration = Duration.between(startedAt != null ? startedAt : dispatchedAt, finishedAt);
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** {@return the error summary, for failures and timeouts} */
    public Optional<String> error() {
        return Optional.ofNullable(errorSummary);
    }
}
