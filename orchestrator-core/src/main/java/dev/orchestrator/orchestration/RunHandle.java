package dev.orchestrator.orchestration;

import dev.orchestrator.job.BaseJob;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JobHandle} on a run (live while it runs), or on a finished job's record only (for a job
 * looked up after it ended). The result type was checked at submit; values are cast unchecked.
 */
final class RunHandle<R> implements JobHandle<R> {

    private final String id;
    private final Class<? extends BaseJob> jobType;
    private final @Nullable JobRun<?> run;
    private final @Nullable FinishedJob record;

    private RunHandle(
            String id, Class<? extends BaseJob> jobType, @Nullable JobRun<?> run, @Nullable FinishedJob record) {
        this.id = id;
        this.jobType = jobType;
        this.run = run;
        this.record = record;
    }

    static <R> RunHandle<R> of(JobRun<?> run) {
        return new RunHandle<>(run.id(), run.job().getClass(), run, null);
    }

    static <R> RunHandle<R> of(FinishedJob record) {
        return new RunHandle<>(record.id(), record.jobType(), null, record);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Class<? extends BaseJob> jobType() {
        return jobType;
    }

    @Override
    public boolean isDone() {
        return run == null || run.isAnnounced();
    }

    @Override
    public Optional<JobSnapshot> running() {
        return run == null || run.isEnded() ? Optional.empty() : Optional.of(run.snapshot());
    }

    @Override
    public Optional<FinishedJob> finished() {
        if (record != null) {
            return Optional.of(record);
        }
        JobRun<?> live = Objects.requireNonNull(run);
        return live.isEnded() ? Optional.ofNullable(live.finishedRecord()) : Optional.empty();
    }

    @Override
    public double progress() {
        if (run != null) {
            return run.progressNow();
        }
        return Objects.requireNonNull(record).outcome() == JobOutcome.SUCCESS ? 1.0 : 0.0;
    }

    @Override
    public int attempt() {
        return run != null ? run.attempt() : Objects.requireNonNull(record).attempts();
    }

    @Override
    @SuppressWarnings("unchecked") // the type was checked against the executor's resultType() at submit
    public CompletableFuture<R> result() {
        if (run != null) {
            // not copy(): a copy of a cancelled future completes with a CompletionException, not as cancelled
            CompletableFuture<R> view = new CompletableFuture<>();
            run.completion().whenComplete((value, error) -> {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause == null) {
                    view.complete((R) value);
                } else if (cause instanceof CancellationException) {
                    view.cancel(false);
                } else {
                    view.completeExceptionally(cause);
                }
            });
            return view;
        }
        FinishedJob job = Objects.requireNonNull(record);
        CompletableFuture<R> future = new CompletableFuture<>();
        switch (job.outcome()) {
            case SUCCESS -> future.complete(null);
            case CANCELLED -> future.cancel(false);
            case FAILURE, TIMEOUT ->
                future.completeExceptionally(
                        new JobFailedException(id, job.outcome(), job.error().orElse("(no error recorded)")));
        }
        return future;
    }

    @Override
    public boolean cancel() {
        return run != null && run.cancel();
    }

    @Override
    public String toString() {
        return "JobHandle[" + jobType.getSimpleName() + ", id=" + id + (isDone() ? ", done" : "") + "]";
    }
}
