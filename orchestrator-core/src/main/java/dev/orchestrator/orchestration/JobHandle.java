package dev.orchestrator.orchestration;

import dev.orchestrator.job.BaseJob;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Application code's view of one dispatched job: where it is, and its result once it ends, without
 * writing an orchestrator. Get one from {@link Dispatcher#submit(BaseJob)} (or
 * {@link Dispatcher#submit(BaseJob, dev.orchestrator.bus.SignalBus, Class)} for a typed result), or
 * look one up by id with {@link Dispatcher#job(String)}.
 *
 * <pre>{@code
 * JobHandle<Report> handle = dispatcher.submit(new ReportJob(month), Report.class);
 * handle.result().thenAccept(report -> mail(report));          // or .get(30, SECONDS) in a test
 * }</pre>
 *
 * <p>Thread-safe. A handle reads the live job while it runs (status, progress, attempt) and its
 * record once it ended; it holds the job's result only if it was obtained before the job ended
 * (the registry itself keeps no job data). Holding a handle keeps that result in memory.
 *
 * @param <R> the type of the result
 */
public interface JobHandle<R> {

    /** {@return the job's id} */
    String id();

    /** {@return the job's class} */
    Class<? extends BaseJob> jobType();

    /** {@return whether the job has ended: its terminal event has been emitted} */
    boolean isDone();

    /** {@return the job as it is now while it runs (status, progress, message, attempt); empty once it ended} */
    Optional<JobSnapshot> running();

    /** {@return the job's record once it ended (outcome, attempts, duration, error); empty while it runs} */
    Optional<FinishedJob> finished();

    /** {@return the last reported progress, {@code 0.0..1.0}; 1.0 after a success} */
    double progress();

    /** {@return the attempt running or last run, numbered from 1; 0 before the first} */
    int attempt();

    /**
     * The result, once the job ends. The future completes normally with what {@code process}
     * returned; exceptionally with the job's error when it failed (a
     * {@link java.util.concurrent.TimeoutException} when it timed out); and is cancelled when the job
     * was cancelled. Each call returns a new future, so completing or cancelling it changes nothing
     * for the job or other callers: cancel the job with {@link #cancel()}.
     *
     * <p>When the job ends, the future is completed on a thread of the dispatcher's own for handles
     * ({@code orchestrator-handle-N}), never on its worker or timer threads, so dependent actions ({@code thenAccept}, {@code whenComplete}) registered before
     * run there; on a future that is already complete (obtained after the job ended) they run on the
     * calling thread, as for any {@code CompletableFuture}. For a handle found by id after the job ended, the
     * result is {@code null} after a success (not kept) and a {@link JobFailedException} with the
     * error's summary after a failure.
     *
     * @return a future of the result
     */
    CompletableFuture<R> result();

    /**
     * Cancels the job, if it is still running; its token, which other jobs may share, is left alone.
     *
     * @return {@code true} when the job was running and is now cancelled
     */
    boolean cancel();
}
