package dev.orchestrator.sample.board;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.orchestration.JobSnapshot;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An orchestrator whose state is a board of its recent jobs ({@link JobsState}), kept up to date
 * from the lifecycle hooks only: started, progress, retrying, timeout, success, failure,
 * cancelled. Subclasses add the intents (start an upload, call the flaky service, ...).
 *
 * <p>In cluster mode each job's view also names the instance that runs it, read from the
 * dispatcher's view of the job ({@link JobSnapshot#instance()}) whenever one of its events arrives;
 * the last one known stays once the job has ended.
 *
 * <p>Changes are serialized on this object, because the intents add a job to the board from a
 * request thread while the hooks update it from the bus's delivery. Thread-safe.
 */
public abstract class JobBoardOrchestrator extends BaseOrchestrator<JobsState> {

    /** Why a job is being cancelled, set by the intent that cancels it, read by the cancelled hook. */
    private final Map<String, String> cancelReasons = new ConcurrentHashMap<>();

    private final JobKind kind;
    private final Clock clock;

    /**
     * @param kind the kind of job on this board
     * @param dispatcher runs the jobs
     * @param bus the bus the jobs' events go to
     */
    protected JobBoardOrchestrator(JobKind kind, Dispatcher dispatcher, SignalBus bus) {
        super(JobsState.empty(kind), dispatcher, bus);
        this.kind = kind;
        this.clock = dispatcher.config().clock();
    }

    /** @return the kind of job on this board */
    public JobKind kind() {
        return kind;
    }

    /**
     * Puts the job on the board, then dispatches it (fire and forget).
     *
     * @param job the job
     * @param title what it does, for people
     * @return the job as the board shows it now
     */
    protected JobView start(BaseJob job, String title) {
        JobView queued = JobView.queued(job.id(), kind, title, clock.instant());
        change(state -> state.add(queued));
        try {
            dispatch(job);
        } catch (RuntimeException ex) {
            change(state -> state.remove(job.id()));
            throw ex;
        }
        return queued;
    }

    /**
     * Cancels a running job of this board because the user asked to.
     *
     * @param jobId the job's id
     * @return {@code true} when it was running and is now cancelled
     */
    public boolean cancel(String jobId) {
        return cancel(jobId, "Cancelled by you");
    }

    /**
     * Cancels a running job of this board, noting why.
     *
     * @param jobId the job's id
     * @param reason shown on the page
     * @return {@code true} when it was running and is now cancelled
     */
    protected boolean cancel(String jobId, String reason) {
        if (!isJobRunning(jobId)) {
            return false;
        }
        cancelReasons.put(jobId, reason);
        boolean cancelled = cancelJob(jobId);
        if (!cancelled) {
            cancelReasons.remove(jobId);
        }
        return cancelled;
    }

    /**
     * Remembers why a job is about to be cancelled by other means (its cancellation token).
     *
     * @param jobId the job's id
     * @param reason shown on the page
     */
    protected void noteCancelReason(String jobId, String reason) {
        cancelReasons.put(jobId, reason);
    }

    @Override
    protected void onJobStarted(JobStartedEvent event) {
        update(event.correlationId(), JobView::started);
    }

    @Override
    protected void onProgress(JobProgressEvent event) {
        update(event.correlationId(), job -> job.progressed(event));
    }

    @Override
    protected void onJobRetrying(JobRetryingEvent event) {
        update(event.correlationId(), job -> job.retrying(event));
    }

    @Override
    protected void onActiveTimeout(JobTimeoutEvent event) {
        update(event.correlationId(), job -> job.timedOut(event.timeout()));
    }

    @Override
    protected void onActiveSuccess(JobSuccessEvent event) {
        update(event.correlationId(), job -> job.succeeded(event.data(), event.timestamp()));
    }

    @Override
    protected void onActiveFailure(JobFailureEvent event) {
        update(event.correlationId(), job -> job.failed(event.error(), event.wasRetried(), event.timestamp()));
    }

    @Override
    protected void onActiveCancelled(JobCancelledEvent event) {
        String reason = cancelReasons.remove(event.correlationId());
        update(event.correlationId(), job -> job.cancelled(reason != null ? reason : "Cancelled", event.timestamp()));
    }

    private void update(String jobId, UnaryOperator<JobView> change) {
        String instance = runningOn(jobId);
        change(state -> state.update(jobId, job -> change.apply(job).ranOn(instance)));
    }

    /**
     * @param jobId a job dispatched here
     * @return in cluster mode, the instance running it as the dispatcher last heard; {@code null} in
     *     one JVM, and once the job has ended (the dispatcher keeps no instance for ended jobs)
     */
    private @Nullable String runningOn(String jobId) {
        Dispatcher dispatcher = dispatcher();
        if (!dispatcher.isClustered()) {
            return null;
        }
        return dispatcher
                .job(jobId)
                .flatMap(JobHandle::running)
                .map(JobSnapshot::instance)
                .orElse(null);
    }

    @SuppressWarnings("ReferenceEquality") // an unchanged state is the same instance; equals would compare all jobs
    private synchronized void change(UnaryOperator<JobsState> change) {
        JobsState next = change.apply(getState());
        if (next != getState()) {
            emit(next);
        }
    }

    /**
     * @param jobId a job id
     * @return its first eight characters, enough to tell jobs apart on the page
     */
    protected static String shortId(String jobId) {
        return jobId.length() <= 8 ? jobId : jobId.substring(0, 8);
    }
}
