package dev.orchestrator.sample.board;

import dev.orchestrator.cluster.RemoteJobException;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the page shows about one job, built only from the framework's events about it. Immutable:
 * every change returns a new view.
 *
 * @param id the job's id (its correlation id)
 * @param kind the job's kind ({@link JobKind#id()})
 * @param title what the job does, for people
 * @param status where the job is
 * @param progress the last reported progress, 0 to 1
 * @param message the last progress message, or {@code null}
 * @param step the last reported step, or {@code null}
 * @param totalSteps the number of steps, or {@code null}
 * @param retry the retry being waited for, while {@link Status#RETRYING}; otherwise {@code null}
 * @param result what the job returned, or {@code null}
 * @param error why it failed, timed out or was cancelled, or {@code null}
 * @param notes what happened, oldest first: retries, timeout, cancellation
 * @param createdAt when it was dispatched
 * @param finishedAt when it ended, or {@code null}
 * @param instance in cluster mode, the instance that runs the job (or ran it), as last heard from
 *     the dispatcher; {@code null} in one JVM, and until the first event from that instance
 */
public record JobView(
        String id,
        String kind,
        String title,
        Status status,
        double progress,
        @Nullable String message,
        @Nullable Integer step,
        @Nullable Integer totalSteps,
        @Nullable RetryNotice retry,
        @Nullable String result,
        @Nullable String error,
        List<String> notes,
        Instant createdAt,
        @Nullable Instant finishedAt,
        @Nullable String instance) {

    /** Where a job is, as the page shows it. */
    public enum Status {
        /** Dispatched, waiting for a worker. */
        QUEUED,
        /** An attempt is running. */
        RUNNING,
        /** An attempt failed; waiting before the next one ({@code JobRetryingEvent}). */
        RETRYING,
        /** Ended with a result ({@code JobSuccessEvent}). */
        SUCCEEDED,
        /** Ended with an error ({@code JobFailureEvent}). */
        FAILED,
        /** Ran out of time ({@code JobTimeoutEvent}, then {@code JobFailureEvent}). */
        TIMED_OUT,
        /** Cancelled ({@code JobCancelledEvent}). */
        CANCELLED;

        /** @return whether the job has ended */
        public boolean isFinished() {
            return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == CANCELLED;
        }
    }

    /**
     * The retry a job waits for, from its {@code JobRetryingEvent}.
     *
     * @param nextAttempt the attempt that follows the wait, numbered from 1 (2 after the first failure)
     * @param maxAttempts the most attempts the policy allows, the first one included
     * @param delayMillis the wait before it
     * @param lastError the error of the attempt that failed
     * @param text the notice shown on the page, e.g. "Retrying in 2 s (attempt 3 of 4)"
     */
    public record RetryNotice(int nextAttempt, int maxAttempts, long delayMillis, String lastError, String text) {

        static RetryNotice of(JobRetryingEvent event) {
            String text = "Retrying in " + Durations.human(event.delayBeforeRetry()) + " (attempt "
                    + event.nextAttempt() + " of " + event.maxAttempts() + ")";
            return new RetryNotice(
                    event.nextAttempt(),
                    event.maxAttempts(),
                    event.delayBeforeRetry().toMillis(),
                    describe(event.lastError()),
                    text);
        }
    }

    /**
     * @param id the job's id
     * @param kind the job's kind
     * @param title what the job does
     * @param now the time of dispatch
     * @return a queued job
     */
    public static JobView queued(String id, JobKind kind, String title, Instant now) {
        return new JobView(
                id, kind.id(), title, Status.QUEUED, 0, null, null, null, null, null, null, List.of(), now, null, null);
    }

    /** @return the view of a job whose first attempt started */
    JobView started() {
        return status == Status.QUEUED ? withStatus(Status.RUNNING) : this;
    }

    /** @return the view after a progress report; a job waiting for a retry runs again */
    JobView progressed(JobProgressEvent event) {
        return new JobView(
                id,
                kind,
                title,
                Status.RUNNING,
                event.progress(),
                event.message().orElse(null),
                event.currentStep().isPresent() ? event.currentStep().getAsInt() : null,
                event.totalSteps().isPresent() ? event.totalSteps().getAsInt() : null,
                null,
                result,
                error,
                notes,
                createdAt,
                finishedAt,
                instance);
    }

    /** @return the view of a job that waits before its next attempt */
    JobView retrying(JobRetryingEvent event) {
        RetryNotice notice = RetryNotice.of(event);
        return new JobView(
                id,
                kind,
                title,
                Status.RETRYING,
                progress,
                message,
                step,
                totalSteps,
                notice,
                result,
                error,
                plus(notes, notice.lastError() + " — " + notice.text().toLowerCase(java.util.Locale.ROOT)),
                createdAt,
                finishedAt,
                instance);
    }

    /** @return the view of a job that ran out of time; its failure event follows */
    JobView timedOut(Duration timeout) {
        String text = "Timed out after " + Durations.human(timeout);
        return new JobView(
                id,
                kind,
                title,
                Status.TIMED_OUT,
                progress,
                message,
                step,
                totalSteps,
                null,
                result,
                text,
                plus(notes, "JobTimeoutEvent after " + Durations.human(timeout) + ": the worker was interrupted"),
                createdAt,
                finishedAt,
                instance);
    }

    /** @return the view of a job that ended with a result */
    JobView succeeded(@Nullable Object data, Instant now) {
        String text = data == null ? "done" : data.toString();
        return new JobView(
                id,
                kind,
                title,
                Status.SUCCEEDED,
                1,
                message,
                step,
                totalSteps,
                null,
                text,
                null,
                notes,
                createdAt,
                now,
                instance);
    }

    /** @return the view of a job that ended with an error (a timeout keeps its own status) */
    JobView failed(Throwable failure, boolean wasRetried, Instant now) {
        if (status == Status.TIMED_OUT) {
            return new JobView(
                    id,
                    kind,
                    title,
                    status,
                    progress,
                    message,
                    step,
                    totalSteps,
                    null,
                    result,
                    error,
                    notes,
                    createdAt,
                    now,
                    instance);
        }
        String text = describe(failure);
        String note = wasRetried ? "Gave up: the last retry failed too" : "Failed at once: not retried";
        return new JobView(
                id,
                kind,
                title,
                Status.FAILED,
                progress,
                message,
                step,
                totalSteps,
                null,
                result,
                text,
                plus(notes, note),
                createdAt,
                now,
                instance);
    }

    /** @return the view of a cancelled job */
    JobView cancelled(String reason, Instant now) {
        return new JobView(
                id,
                kind,
                title,
                Status.CANCELLED,
                progress,
                message,
                step,
                totalSteps,
                null,
                result,
                reason,
                plus(notes, reason),
                createdAt,
                now,
                instance);
    }

    /**
     * @param runningOn the instance running the job now, or {@code null} when not known (one JVM, or
     *     the job ended before its instance was read)
     * @return the view naming that instance; this view when it names it already or it is not known,
     *     so the last known instance stays
     */
    JobView ranOn(@Nullable String runningOn) {
        if (runningOn == null || runningOn.equals(instance)) {
            return this;
        }
        return new JobView(
                id,
                kind,
                title,
                status,
                progress,
                message,
                step,
                totalSteps,
                retry,
                result,
                error,
                notes,
                createdAt,
                finishedAt,
                runningOn);
    }

    private JobView withStatus(Status newStatus) {
        return new JobView(
                id,
                kind,
                title,
                newStatus,
                progress,
                message,
                step,
                totalSteps,
                retry,
                result,
                error,
                notes,
                createdAt,
                finishedAt,
                instance);
    }

    private static List<String> plus(List<String> list, String item) {
        List<String> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }

    /**
     * The error's message, or its class's simple name without one; for a job that failed on another
     * instance (cluster mode), the same text from the original exception's message and class name.
     */
    private static String describe(Throwable error) {
        if (error instanceof RemoteJobException remote) {
            String type = remote.remoteType();
            return remote.remoteMessage().isEmpty()
                    ? type.substring(type.lastIndexOf('.') + 1)
                    : remote.remoteMessage();
        }
        return error.getMessage() != null
                ? error.getMessage()
                : error.getClass().getSimpleName();
    }
}
