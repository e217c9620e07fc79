package dev.orchestrator.orchestration;

import dev.orchestrator.cancellation.CancelledException;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.job.BaseJob;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Runs the jobs of one type. Implement {@link #process(BaseJob)} in plain blocking style and return
 * the result; the base class does the rest:
 * <ul>
 *   <li><b>error boundary</b>: whatever {@code process} throws (an {@link Error} too) becomes a
 *       {@code JobFailureEvent}; nothing escapes to the caller of {@code dispatch};</li>
 *   <li><b>timeout</b> over the whole job, retries and backoff included, measured from
 *       its start by a timer (no thread is blocked to wait); the worker is interrupted;</li>
 *   <li><b>retry</b> per the job's {@code RetryPolicy}, with a {@code JobRetryingEvent} before
 *       each wait; a wait holds no thread and is cut short by cancellation or timeout. An
 *       {@code Error} is never retried;</li>
 *   <li><b>cancellation</b>: a cancelled job that has not started never runs; a running one is
 *       interrupted and its {@code JobCancelledEvent} is emitted at once, even if {@code process}
 *       ignores the interruption; whatever it returns afterwards is discarded. {@code process} may
 *       also throw {@link CancelledException} to end the job as cancelled;</li>
 *   <li><b>progress</b> with {@link #emitProgress} and {@link #emitStep}, and domain events
 *       with {@link #emit}, all routed to the bus of the orchestrator that dispatched the job.</li>
 * </ul>
 *
 * <p>{@code process} runs on the {@link Executor} given to the constructor, or on the dispatcher's
 * execution executor (a bounded pool by default; virtual threads when the dispatcher is given a
 * virtual-thread executor). Attempts of one job never overlap, but different jobs run concurrently:
 * an executor must be thread-safe. Register it with {@link Dispatcher#register(BaseExecutor)}; the
 * job type {@code J} is read from the subclass's declaration.
 *
 * @param <J> the job type this executor runs
 */
public abstract class BaseExecutor<J extends BaseJob> {

    private final @Nullable Executor executor;
    private volatile @Nullable Dispatcher dispatcher;
    private volatile @Nullable Class<?> boundResultType;

    /** Creates an executor that runs jobs on the dispatcher's execution executor. */
    protected BaseExecutor() {
        this.executor = null;
    }

    /**
     * Creates an executor that runs jobs on the given executor.
     *
     * @param executor where {@code process} runs, not {@code null}
     */
    protected BaseExecutor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
    }

    /**
     * Does the work of one job, in plain blocking style. Called once per attempt on a worker thread;
     * respond to interruption (or check {@link #throwIfCancelled}) to stop early when cancelled or
     * timed out.
     *
     * @param job the job, never {@code null}
     * @return the result, carried by {@code JobSuccessEvent.data()}; may be {@code null}
     * @throws Exception to fail the attempt; it is retried when the job's retry policy allows
     */
    protected abstract @Nullable Object process(J job) throws Exception;

    /**
     * {@return the type of what {@code process} returns; {@code Object} by default; never {@code null}, and
     * read once, when the executor is registered} Declare it to get
     * typed results: {@link Dispatcher#submit(BaseJob, dev.orchestrator.bus.SignalBus, Class)} refuses a
     * result type this one cannot be assigned to, and a result of another type fails the job (with a
     * {@link ClassCastException} naming both), so a {@link JobHandle} never holds a value of the wrong
     * type.
     */
    public Class<?> resultType() {
        return Object.class;
    }

    /** {@return the name shown in the registry, the actuator and logs; the simple class name by default} */
    public String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }

    /**
     * Reports progress. Ignored when the job is not running (anymore).
     *
     * @param job the job being processed
     * @param progress fraction done, clamped to {@code 0.0..1.0}
     * @throws IllegalArgumentException when {@code progress} is NaN
     */
    protected final void emitProgress(J job, double progress) {
        emitProgress(job, progress, null, null, null);
    }

    /**
     * Reports progress with a message. Ignored when the job is not running (anymore).
     *
     * @param job the job being processed
     * @param progress fraction done, clamped to {@code 0.0..1.0}
     * @param message what is happening, or {@code null}
     * @throws IllegalArgumentException when {@code progress} is NaN
     */
    protected final void emitProgress(J job, double progress, @Nullable String message) {
        emitProgress(job, progress, message, null, null);
    }

    /**
     * Reports progress with a message and steps. Ignored when the job is not running (anymore); the
     * values are checked all the same, so that a bad one never goes unnoticed.
     *
     * @param job the job being processed
     * @param progress fraction done, clamped to {@code 0.0..1.0}
     * @param message what is happening, or {@code null}
     * @param currentStep the step reached, {@code 0..totalSteps}, or {@code null}
     * @param totalSteps the number of steps, at least 1, or {@code null}
     * @throws IllegalArgumentException when {@code progress} is NaN or the steps are out of range
     */
    protected final void emitProgress(
            J job,
            double progress,
            @Nullable String message,
            @Nullable Integer currentStep,
            @Nullable Integer totalSteps) {
        Objects.requireNonNull(job, "job must not be null");
        // Built first: it checks every value (NaN, steps out of range) even when the job has ended.
        JobProgressEvent event =
                new JobProgressEvent(job.id(), job.getClass(), progress, message, currentStep, totalSteps);
        JobRun<?> run = runOf(job);
        if (run != null) {
            run.progress(event);
        }
    }

    /**
     * Reports that step {@code currentStep} of {@code totalSteps} is done: progress
     * {@code currentStep / totalSteps}, with the message.
     *
     * @param job the job being processed
     * @param currentStep the step done, {@code 0..totalSteps}
     * @param totalSteps the number of steps, at least 1
     * @param message what is happening, or {@code null}
     * @throws IllegalArgumentException when the steps are out of range
     */
    protected final void emitStep(J job, int currentStep, int totalSteps, @Nullable String message) {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be >= 1, was " + totalSteps);
        }
        if (currentStep < 0 || currentStep > totalSteps) {
            throw new IllegalArgumentException(
                    "currentStep must be between 0 and " + totalSteps + ", was " + currentStep);
        }
        emitProgress(job, (double) currentStep / totalSteps, message, currentStep, totalSteps);
    }

    /**
     * Emits a domain event on the job's bus (the bus of the orchestrator that dispatched it).
     * Lifecycle events ({@link JobEvent}) are rejected: only the framework emits those, so that a job
     * has exactly one ending.
     * Ignored, with a debug message, when the job is not running (anymore), so that nothing about
     * a job follows its terminal event.
     *
     * @param job the job being processed
     * @param event the event, not {@code null}
     * @return {@code true} when the event was emitted
     * @throws IllegalArgumentException when {@code event} is a {@link JobEvent}
     */
    protected final boolean emit(J job, BaseEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        if (event instanceof JobEvent) {
            throw new IllegalArgumentException(
                    "emit is for domain events; lifecycle events are the framework's own, was " + event);
        }
        JobRun<?> run = runOf(job);
        if (run != null && run.emit(event)) {
            return true;
        }
        Dispatcher current = dispatcher;
        if (current != null) {
            current.logger().debug("Job " + job.logName() + " is not running; not emitting " + event.logName());
        }
        return false;
    }

    /**
     * {@return the context of the job's running attempt: its number (from 1), the most attempts the
     * job may have, whether it was cancelled} Callable from any thread while the job runs.
     *
     * @param job the job being processed, not {@code null}
     * @throws IllegalStateException when the job is not running (not yet dispatched, or already ended)
     */
    protected final JobContext context(J job) {
        JobRun<?> run = runOf(job);
        if (run == null) {
            throw new IllegalStateException("Job " + job.logName() + " is not running; its context exists from"
                    + " dispatch to its terminal event");
        }
        return run;
    }

    /**
     * Throws when the job has been cancelled or has timed out, so that work that does not block
     * (and so is not interrupted) can stop at a safe point.
     *
     * @param job the job being processed
     * @throws CancelledException when the job has ended or its token is cancelled
     */
    protected final void throwIfCancelled(J job) {
        Objects.requireNonNull(job, "job must not be null");
        job.cancellationToken().ifPresent(token -> token.throwIfCancelled());
        JobRun<?> run = runOf(job);
        if (run == null || run.isEnded()) {
            throw new CancelledException();
        }
    }

    /**
     * The run of this job while it is running, {@code null} before and after: the attempt the calling
     * thread runs, if it is this job's, else the registry's run with the job's id (checked to be this
     * very instance). The first way works for an executor wrapped in a proxy (Spring AOP, say), whose
     * fields are not this object's; the second from any thread the executor hands work to.
     */
    private @Nullable JobRun<?> runOf(J job) {
        Objects.requireNonNull(job, "job must not be null");
        JobRun<?> run = JobRun.current();
        if (run == null || run.job() != job) {
            Dispatcher current = dispatcher;
            run = current == null ? null : current.runOf(job); // its cluster workers' runs too
        }
        return run != null && run.job() == job ? run : null;
    }

    /**
     * Binds this executor to the dispatcher that registered it; one dispatcher only. Reads
     * {@link #resultType()} once, here, so that a bad one fails the registration, not a job.
     */
    final void bind(Dispatcher target) {
        Class<?> declared = resultType();
        if (declared == null) {
            throw new IllegalArgumentException(
                    "Executor " + name() + " returned null from resultType(); return Object.class to declare none");
        }
        synchronized (this) {
            if (dispatcher != null && dispatcher != target) {
                throw new IllegalStateException(
                        "Executor " + name() + " is already registered with another dispatcher");
            }
            dispatcher = target;
            boundResultType = declared;
        }
    }

    /** {@return the result type read at registration} */
    final Class<?> boundResultType() {
        Class<?> declared = boundResultType;
        return declared != null ? declared : Object.class;
    }

    final Executor executionExecutor(Dispatcher target) {
        return executor != null ? executor : target.executionExecutor();
    }

    @Override
    public String toString() {
        return name();
    }
}
