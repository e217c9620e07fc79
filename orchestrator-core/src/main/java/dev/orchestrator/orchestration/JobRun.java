package dev.orchestrator.orchestration;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.cancellation.CancelledException;
import dev.orchestrator.cancellation.Registration;
import dev.orchestrator.cluster.ClusterHome;
import dev.orchestrator.cluster.JobTicket;
import dev.orchestrator.cluster.JobTransport;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.EventChain;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.LogText;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One dispatched job from dispatch to its single terminal event: the state machine behind the
 * behaviour contract. Every transition and every emit happens under this object's lock, so the
 * job's events are emitted in contract order and nothing follows the terminal event, whichever
 * thread (worker, timer, canceller) gets there first.
 *
 * <p>In cluster mode the run on the dispatching instance is <em>remote</em>: it hands the job to the
 * transport instead of a worker, and its transitions follow the events that come back from the
 * instance running it ({@link #applyRemote}); the same lock, the same single ending, the same
 * handles. The run on the instance that takes the job is an ordinary local one.
 */
final class JobRun<J extends BaseJob> implements Runnable, Callable<Void>, JobContext {

    /** The run whose attempt each worker thread is running: how an executor behind a proxy finds it. */
    private static final ThreadLocal<@Nullable JobRun<?>> CURRENT = new ThreadLocal<>();

    private final J job;
    private final BaseExecutor<J> executor;
    private final SignalBus bus;
    private final Dispatcher dispatcher;
    private final @Nullable Duration timeout;
    private final RetryPolicy retryPolicy;
    private final Instant dispatchedAt;
    private final JobInterceptor.Interception interception;
    private final @Nullable CancellationToken token;
    /** The depth of the reaction that dispatched this job; its events get it (see EventChain). */
    private final int chainDepth;
    /** Where a remote run hands its job; {@code null} for a job that runs here. */
    private final @Nullable JobTransport transport;
    /** How many times the cluster has delivered this job (1 for a job dispatched here). */
    private final int deliveryCount;
    /** The instance running a remote job, once an event said so; {@code null} for a local one. */
    private volatile @Nullable String instance;
    /** A remote job's timeout event arrived: its failure ending is a timeout. Guarded by this. */
    private boolean remoteTimedOut;
    /** Why a remote run's handles fail once its dispatcher let go of it (see detach); guarded by this. */
    private @Nullable IllegalStateException detachedError;

    // written under this; read without the lock by snapshot()
    private volatile JobStatus status = JobStatus.QUEUED;
    /** The attempt running or last run, numbered from 1; 0 before the first. Written under this. */
    private volatile int attempt;
    // guarded by this
    private boolean started;
    private boolean ended;
    /**
     * Handed to the execution executor (or about to be: every run is submitted once it exists) and not
     * yet taken by a worker, so it may hold a place in the executor's queue.
     */
    private boolean inQueue = true;

    private @Nullable Thread worker;
    private @Nullable Future<?> timeoutTask;
    private @Nullable Future<?> backoffTask;
    private @Nullable Registration tokenRegistration;
    private long startNanos;
    /** Link in the dispatcher's stack of jobs whose timeout is not armed yet; see Dispatcher.deferTimeout. */
    @Nullable
    JobRun<?> nextUnarmed;

    /** The result handed to handles: set before the job ends, read once it ended (guarded by this). */
    private @Nullable Object resultValue;

    private @Nullable Throwable endError;
    /** Created when a handle first asks for the result (most jobs never have one); guarded by this. */
    private @Nullable CompletableFuture<Object> completion;

    private volatile @Nullable FinishedJob finishedRecord;
    /** The terminal event has been emitted (a handle is done from then on). */
    private volatile boolean announced;

    private volatile @Nullable Instant startedAt;
    private volatile double progress;
    private volatile @Nullable String progressMessage;

    JobRun(
            J job,
            BaseExecutor<J> executor,
            SignalBus bus,
            Dispatcher dispatcher,
            @Nullable Duration timeout,
            RetryPolicy retryPolicy,
            @Nullable CancellationToken token,
            JobInterceptor.Interception interception) {
        this(job, executor, bus, dispatcher, timeout, retryPolicy, token, interception, null, null, 1);
    }

    /** A remote run (with a transport), or the local run of a job taken from the cluster. */
    JobRun(
            J job,
            BaseExecutor<J> executor,
            SignalBus bus,
            Dispatcher dispatcher,
            @Nullable Duration timeout,
            RetryPolicy retryPolicy,
            @Nullable CancellationToken token,
            JobInterceptor.Interception interception,
            @Nullable JobTransport transport,
            @Nullable JobTicket ticket,
            int deliveryCount) {
        this.job = job;
        this.executor = executor;
        this.bus = bus;
        this.dispatcher = dispatcher;
        this.timeout = timeout;
        this.retryPolicy = retryPolicy;
        this.dispatchedAt =
                ticket != null ? ticket.dispatchedAt() : dispatcher.registry().now();
        this.interception = interception;
        this.token = token;
        this.chainDepth = ticket != null ? ticket.chainDepth() : EventChain.currentDepth();
        this.transport = transport;
        this.deliveryCount = deliveryCount;
    }

    /** {@return whether this run's job runs on another instance (cluster mode, dispatching side)} */
    boolean isRemote() {
        return transport != null;
    }

    /** {@return the ticket a remote run hands to the transport} */
    JobTicket ticket(String origin) {
        return new JobTicket(job, bus.name(), origin, timeout, retryPolicy, dispatchedAt, chainDepth);
    }

    String id() {
        return job.id();
    }

    /** The job's class; not a field: one reference less in every run. */
    private Class<? extends BaseJob> jobType() {
        return job.getClass();
    }

    @Override
    public String jobId() {
        return job.id();
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public int maxAttempts() {
        return retryPolicy.maxAttempts();
    }

    @Override
    public int deliveryCount() {
        return deliveryCount;
    }

    /** {@return whether the job has a token and it is cancelled} */
    private boolean isTokenCancelled() {
        return token != null && token.isCancelled();
    }

    @Override
    public boolean isCancelled() {
        return isEnded() || isTokenCancelled();
    }

    J job() {
        return job;
    }

    synchronized boolean isEnded() {
        return ended;
    }

    /**
     * Lock-free, so that an observer called inside one job's transition can read the registry while
     * another job, holding its own lock, does the same.
     */
    JobSnapshot snapshot() {
        return new JobSnapshot(
                job.id(),
                jobType(),
                executor.name(),
                bus.name(),
                status,
                progress,
                progressMessage,
                attempt,
                dispatchedAt,
                startedAt,
                instance);
    }

    /** {@return the dispatcher that runs this job} */
    Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Hands the first attempt to a worker; throws, with nothing emitted, when the pool refuses it. */
    void submitFirst() {
        JobTransport transport = this.transport;
        if (transport != null) {
            synchronized (this) {
                inQueue = false; // it waits in the cluster, not in a pool's queue
            }
            transport.send(ticket(dispatcher.instanceId()));
        } else {
            executor.executionExecutor(dispatcher).execute(this);
        }
        CancellationToken token = this.token;
        if (token != null) {
            Registration registration = token.onCancel(this::cancel);
            synchronized (this) {
                if (ended) {
                    registration.unregister();
                } else {
                    tokenRegistration = registration;
                }
            }
        }
    }

    /**
     * Marks a run that was never handed to a worker as over, with no event and no record: its
     * dispatch failed. {@code false} when it already ended (cancelled meanwhile), which recorded
     * and announced it.
     */
    synchronized boolean abandon() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }

    /**
     * Lets go of a remote run at shutdown, unless it already ended: no event and no record (the job
     * goes on in the cluster); a handle's result fails with an {@link IllegalStateException}.
     */
    synchronized boolean detach() {
        if (ended) {
            return false;
        }
        ended = true;
        detachedError = new IllegalStateException("The dispatcher of job " + job.logName()
                + " shut down; the job goes on in the cluster and ends on the instance running it");
        CompletableFuture<Object> future = completion;
        if (future != null) {
            IllegalStateException error = detachedError;
            dispatcher.completeHandle(() -> future.completeExceptionally(error));
        }
        return true;
    }

    /**
     * Ends the job as cancelled, unless it already ended. Interrupts a running attempt. A remote run
     * asks the cluster instead: its ending comes back from wherever the job is.
     */
    boolean cancel() {
        JobTransport transport = this.transport;
        if (transport != null) {
            synchronized (this) {
                if (ended) {
                    return false;
                }
            }
            transport.cancel(job.id()); // outside the lock: a send may block while the broker is slow
            return true;
        }
        return cancelHere();
    }

    private synchronized boolean cancelHere() {
        if (ended) {
            return false;
        }
        int previousDepth = EventChain.enter(chainDepth); // whoever cancels, the event belongs to the job's chain
        try {
            end(JobOutcome.CANCELLED, new JobCancelledEvent(job.id(), jobType()), null);
        } finally {
            EventChain.restore(previousDepth);
        }
        return true;
    }

    /**
     * Follows an event of this remote run's job from the instance running it: the same transitions,
     * records and emits as a local run, under the same lock, and nothing after the first ending.
     */
    synchronized ClusterHome.Delivery applyRemote(JobEvent event, int remoteAttempt, String runningOn) {
        if (ended || (started && event instanceof JobStartedEvent)) {
            // after the ending; or the start of a job delivered again after its first instance stopped
            return ClusterHome.Delivery.DUPLICATE;
        }
        instance = runningOn;
        if (remoteAttempt > 0) {
            attempt = remoteAttempt;
        }
        int previousDepth = EventChain.enter(chainDepth);
        try {
            if (event instanceof JobStartedEvent) {
                status = JobStatus.RUNNING;
                started = true;
                startedAt = dispatcher.registry().now();
                emitLifecycle(event);
                dispatcher.registry().started(this);
            } else if (event instanceof JobProgressEvent reported) {
                status = JobStatus.RUNNING;
                progress = reported.progress();
                progressMessage = reported.message().orElse(null);
                emitLifecycle(reported);
            } else if (event instanceof JobRetryingEvent retrying) {
                status = JobStatus.RETRYING;
                emitLifecycle(retrying);
                dispatcher.registry().retrying(this, retrying);
            } else if (event instanceof JobTimeoutEvent) {
                remoteTimedOut = true;
                emitLifecycle(event);
            } else if (event instanceof JobSuccessEvent success) {
                resultValue = success.data();
                end(JobOutcome.SUCCESS, success, null);
            } else if (event instanceof JobFailureEvent failure) {
                attempt = Math.max(attempt, failure.attempts());
                end(remoteTimedOut ? JobOutcome.TIMEOUT : JobOutcome.FAILURE, failure, failure.error());
            } else {
                end(JobOutcome.CANCELLED, event, null); // JobCancelledEvent: JobEvent is sealed
            }
        } finally {
            EventChain.restore(previousDepth);
        }
        return ClusterHome.Delivery.APPLIED;
    }

    synchronized void progress(JobProgressEvent event) {
        if (ended) {
            return;
        }
        progress = event.progress();
        progressMessage = event.message().orElse(null);
        emitLifecycle(event);
    }

    synchronized boolean emit(BaseEvent event) {
        if (ended) {
            return false;
        }
        bus.emit(event);
        return true;
    }

    /**
     * Schedules the timeout to fire {@code timeout} after the start, unless the job has ended. Called
     * at the start for short timeouts, otherwise by the dispatcher a few milliseconds later.
     */
    synchronized void armTimeout() {
        if (ended || timeoutTask != null) {
            return;
        }
        long timeoutNanos = TimeUnit.NANOSECONDS.convert(timeout); // saturates for durations beyond ~292 years
        long remaining = timeoutNanos - (dispatcher.nanoTime() - startNanos);
        try {
            timeoutTask = dispatcher
                    .scheduler()
                    .schedule((Callable<Void>) this, Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ex) {
            // the dispatcher is shutting down: it ends every running job itself
        }
    }

    /**
     * Runs one attempt; this object is the task handed to the execution executor (rather than a
     * method reference, which would be one more object per attempt).
     */
    @Override
    public void run() {
        // The job's events, and the domain events its executor emits, belong to the chain that dispatched it.
        int previousDepth = EventChain.enter(chainDepth);
        JobRun<?> previousRun = CURRENT.get();
        CURRENT.set(this);
        try {
            runAttempt();
        } finally {
            CURRENT.set(previousRun);
            EventChain.restore(previousDepth);
        }
    }

    /** The lifecycle event this thread is emitting now, which the registry vouches for (see SignalBus.emit). */
    private static final ThreadLocal<@Nullable JobEvent> EMITTING = new ThreadLocal<>();

    private void emitLifecycle(JobEvent event) {
        EMITTING.set(event);
        try {
            bus.emit(event);
        } finally {
            EMITTING.set(null); // not remove(): the next set would allocate a new map entry, per event
        }
    }

    /** {@return whether this thread is emitting exactly that lifecycle event for a job it runs} */
    static boolean isEmitting(JobEvent event) {
        return EMITTING.get() == event;
    }

    /** {@return the run whose attempt this thread is running, or {@code null}} */
    static @Nullable JobRun<?> current() {
        return CURRENT.get();
    }

    /** The timeout, as the timer's task: a {@code Callable} needs no adapter object in the scheduler. */
    @Override
    public Void call() {
        onTimeout();
        return null;
    }

    private void runAttempt() {
        synchronized (this) {
            inQueue = false;
            if (ended) {
                return;
            }
            if (dispatcher.isStopping() || isTokenCancelled()) {
                cancel();
                return;
            }
            status = JobStatus.RUNNING;
            attempt++;
            worker = Thread.currentThread();
            if (!started) {
                started = true;
                JobStartedEvent event = new JobStartedEvent(job.id(), jobType());
                startedAt = dispatcher.timeOf(event);
                emitLifecycle(event);
                dispatcher.registry().started(this);
                if (timeout != null) {
                    startNanos = dispatcher.nanoTime();
                    if (TimeUnit.NANOSECONDS.convert(timeout) <= Dispatcher.TIMEOUT_ARMING_DELAY_NANOS * 2) {
                        armTimeout();
                    } else {
                        dispatcher.deferTimeout(this); // most jobs end before it is armed; see there
                    }
                }
            }
        }
        @Nullable Object result = null;
        @Nullable Throwable error = null;
        try {
            result = interception == JobInterceptor.Interception.NONE
                    ? executor.process(job) // what NONE would do, without a callable object per attempt
                    : interception.around(() -> executor.process(job));
        } catch (Throwable ex) {
            error = ex;
        } finally {
            synchronized (this) {
                worker = null;
            }
            // An interrupt meant for this attempt must not leak into the next task of this thread.
            Thread.interrupted();
        }
        afterAttempt(result, error);
    }

    private synchronized void afterAttempt(@Nullable Object result, @Nullable Throwable error) {
        if (ended) {
            return; // cancelled or timed out meanwhile: the late result is discarded
        }
        Class<?> resultType = executor.boundResultType();
        if (error == null && result != null && !resultType.isInstance(result)) {
            // a bug in the executor, not a transient condition: never retried
            ClassCastException mismatch = new ClassCastException(executor.name() + " returned a "
                    + result.getClass().getName() + " for job " + job.logName() + " where its resultType() is "
                    + resultType.getName());
            end(JobOutcome.FAILURE, new JobFailureEvent(job.id(), jobType(), mismatch, attempt), mismatch);
            return;
        }
        if (error == null) {
            resultValue = result;
            end(JobOutcome.SUCCESS, new JobSuccessEvent(job.id(), jobType(), result), null);
        } else if (error instanceof CancelledException || isTokenCancelled()) {
            end(JobOutcome.CANCELLED, new JobCancelledEvent(job.id(), jobType()), null);
        } else if (shouldRetry(error)) {
            scheduleRetry(error);
        } else {
            end(JobOutcome.FAILURE, new JobFailureEvent(job.id(), jobType(), error, attempt), error);
        }
    }

    private boolean shouldRetry(Throwable error) {
        if (error instanceof Error) {
            return false; // an Error signals a bug or a broken JVM, not a transient condition
        }
        try {
            return retryPolicy.canRetry(error, attempt);
        } catch (Throwable ex) { // an Error too: escaping here would leave the job without an ending
            if (ex != error) {
                error.addSuppressed(ex);
            }
            QuietLog.log(
                    dispatcher.logger(),
                    LogLevel.WARNING,
                    "shouldRetry of " + retryPolicy + " threw for " + job.logName() + "; not retrying: "
                            + LogText.error(ex),
                    ex);
            return false;
        }
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // written under this run's lock; volatile for snapshot()
    private void scheduleRetry(Throwable error) {
        Duration delay = retryPolicy.getDelay(attempt);
        status = JobStatus.RETRYING;
        JobRetryingEvent event =
                new JobRetryingEvent(job.id(), jobType(), attempt, retryPolicy.maxAttempts(), error, delay);
        log(
                LogLevel.INFO,
                null,
                () -> "Job " + job.logName() + " attempt " + attempt + " of "
                        + retryPolicy.maxAttempts() + " failed: " + LogText.error(error) + "; attempt " + (attempt + 1)
                        + " starts in " + delay);
        emitLifecycle(event);
        dispatcher.registry().retrying(this, event);
        try {
            backoffTask = dispatcher
                    .scheduler()
                    .schedule(this::resubmit, TimeUnit.NANOSECONDS.convert(delay), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ex) {
            end(JobOutcome.FAILURE, new JobFailureEvent(job.id(), jobType(), ex, attempt), ex);
        }
    }

    /** Runs on the timer thread: hands the next attempt to a worker, outside the lock. */
    private void resubmit() {
        synchronized (this) {
            if (ended) {
                return;
            }
            backoffTask = null;
            status = JobStatus.QUEUED;
            inQueue = true;
        }
        try {
            // Outside the lock: an executor that blocks when saturated must not block cancel or timeout.
            executor.executionExecutor(dispatcher).execute(this);
        } catch (RejectedExecutionException ex) {
            synchronized (this) {
                inQueue = false;
                if (!ended) {
                    int previousDepth = EventChain.enter(chainDepth);
                    try {
                        end(JobOutcome.FAILURE, new JobFailureEvent(job.id(), jobType(), ex, attempt), ex);
                    } finally {
                        EventChain.restore(previousDepth);
                    }
                }
            }
        }
    }

    private synchronized void onTimeout() {
        if (ended) {
            return;
        }
        int previousDepth = EventChain.enter(chainDepth);
        try {
            timeOut();
        } finally {
            EventChain.restore(previousDepth);
        }
    }

    private void timeOut() {
        // armed only for a job with a timeout
        Duration timeout = Objects.requireNonNull(this.timeout, "timeout");
        emitLifecycle(new JobTimeoutEvent(job.id(), jobType(), timeout));
        TimeoutException error = new TimeoutException(
                "Job " + job.logName() + " exceeded its timeout of " + timeout + " (attempt " + attempt + ")");
        end(JobOutcome.TIMEOUT, new JobFailureEvent(job.id(), jobType(), error, attempt), error);
    }

    /** The one place where a job ends; callers hold the lock and checked {@code !ended}. */
    private void end(JobOutcome outcome, JobEvent terminal, @Nullable Throwable error) {
        ended = true;
        JobStatus statusAtEnd = status;
        if (inQueue) {
            // cancelled (or timed out) while waiting for a worker: give its place in the pool's queue
            // back at once (only a ThreadPoolExecutor, the dispatcher's own or the starter's, has one)
            inQueue = false;
            if (executor.executionExecutor(dispatcher) instanceof ThreadPoolExecutor pool) {
                pool.remove(this);
            }
        }
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
        }
        if (backoffTask != null) {
            backoffTask.cancel(false);
        }
        if (worker != null) {
            worker.interrupt();
        }
        if (tokenRegistration != null) {
            tokenRegistration.unregister();
        }
        // a remote job's ending was created where it ran (or read from the cluster): its time is not now
        Instant now = transport == null
                ? dispatcher.timeOf(terminal)
                : dispatcher.registry().now();
        FinishedJob finished = new FinishedJob(
                job.id(),
                jobType(),
                executor.name(),
                bus.name(),
                outcome,
                attempt,
                dispatchedAt,
                startedAt,
                now,
                error == null ? null : summarize(error));
        // Recorded before it is announced: whoever hears the terminal event finds the job finished.
        this.finishedRecord = finished;
        this.endError = error;
        dispatcher.finished(this, finished);
        if (transport == null) { // a remote job's ending was logged where it ran
            logEnding(outcome, statusAtEnd, error); // before the event: whoever hears the ending finds it logged
        }
        try {
            emitLifecycle(terminal);
        } finally {
            // whatever happens on the bus, the job no longer counts as active and its handles complete
            announced = true;
            dispatcher.released(this);
            CompletableFuture<Object> future = completion;
            if (future != null) {
                // off this thread: callbacks never run on a worker or the timer thread, nor under this lock
                dispatcher.completeHandle(() -> complete(future));
            }
        }
    }

    /** {@return the future that handles copy: completed when the job ends (at once if it already did)} */
    synchronized CompletableFuture<Object> completion() {
        CompletableFuture<Object> future = completion;
        if (future == null) {
            future = new CompletableFuture<>();
            completion = future;
            if (detachedError != null) {
                future.completeExceptionally(detachedError);
            } else if (ended) {
                complete(future);
            }
        }
        return future;
    }

    private void complete(CompletableFuture<Object> future) {
        Object value;
        Throwable error;
        synchronized (this) {
            value = resultValue;
            error = endError;
        }
        // set before the run is handed to a completion, so never null here
        JobOutcome how =
                Objects.requireNonNull(finishedRecord, "finishedRecord").outcome();
        if (how == JobOutcome.SUCCESS) {
            future.complete(value);
        } else if (how == JobOutcome.CANCELLED) {
            future.cancel(false);
        } else {
            future.completeExceptionally(error != null ? error : new IllegalStateException("ended without an error"));
        }
    }

    /** {@return whether the job's terminal event has been emitted} */
    boolean isAnnounced() {
        return announced;
    }

    /** {@return the record of the ended job, or {@code null} while it runs} */
    @Nullable
    FinishedJob finishedRecord() {
        return finishedRecord;
    }

    /** {@return the progress now: the last reported one, 1.0 after a success} */
    double progressNow() {
        FinishedJob finished = finishedRecord;
        return finished != null && finished.outcome() == JobOutcome.SUCCESS ? 1.0 : progress;
    }

    /** The framework's own line about how a job ended; success is silent. */
    private void logEnding(JobOutcome outcome, JobStatus statusAtEnd, @Nullable Throwable error) {
        switch (outcome) {
            case FAILURE ->
                log(
                        LogLevel.WARNING,
                        error,
                        () -> "Job " + job.logName() + " failed on attempt " + attempt + " of at most "
                                + retryPolicy.maxAttempts() + ": " + (error == null ? "" : LogText.error(error)));
            case TIMEOUT ->
                log(
                        LogLevel.WARNING,
                        null, // the stack trace of a timeout is the timer's: it says nothing about the job
                        () -> "Job " + job.logName() + " timed out after " + timeout + " on attempt " + attempt
                                + " of at most " + retryPolicy.maxAttempts());
            case CANCELLED ->
                log(
                        LogLevel.DEBUG,
                        null,
                        () -> "Job " + job.logName() + " cancelled "
                                + (attempt == 0
                                        ? "before its first attempt"
                                        : statusAtEnd == JobStatus.RUNNING
                                                ? "during attempt " + attempt
                                                : "while waiting for attempt " + (attempt + 1)));
            case SUCCESS -> {}
        }
    }

    private void log(LogLevel level, @Nullable Throwable error, Supplier<String> message) {
        QuietLog.log(dispatcher.logger(), level, error, message);
    }

    private static String summarize(Throwable error) {
        String text = error.toString();
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    @Override
    public String toString() {
        return "JobRun[" + job.logName() + ", executor=" + executor.name() + ", bus=" + bus.name() + "]";
    }
}
