package dev.orchestrator.orchestration;

import dev.orchestrator.job.BaseJob;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a running job looks like at one moment. Immutable.
 *
 * @param id the job's id
 * @param jobType the job's class
 * @param executor the name of the executor that runs it
 * @param bus the name of the bus its events go to
 * @param status where it is now
 * @param progress the last reported progress, {@code 0.0..1.0}
 * @param progressMessage the last reported progress message, or {@code null}
 * @param attempt the attempt running or last run, numbered from 1; 0 while it waits for its first
 * @param dispatchedAt when it was dispatched
 * @param startedAt when its first attempt started, or {@code null} while still queued
 * @param instance in cluster mode, for a job dispatched here, the id of the instance that runs it
 *     (once an event from there said so); {@code null} for a job that runs here
 */
public record JobSnapshot(
        String id,
        Class<? extends BaseJob> jobType,
        String executor,
        String bus,
        JobStatus status,
        double progress,
        @Nullable String progressMessage,
        int attempt,
        Instant dispatchedAt,
        @Nullable Instant startedAt,
        @Nullable String instance) {

    /** {@return when its first attempt started, if it has} */
    public Optional<Instant> started() {
        return Optional.ofNullable(startedAt);
    }
}
