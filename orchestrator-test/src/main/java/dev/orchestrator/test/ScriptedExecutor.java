package dev.orchestrator.test;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in executor whose jobs do what the test tells them, when it tells them: each attempt
 * waits for the test to {@link #succeed}, {@link #fail} or report {@link #progress}, so an
 * orchestrator is tested against the real engine (real lifecycle events, retries, cancellation)
 * without the real work.
 *
 * <pre>{@code
 * ScriptedExecutor<ReportJob> reports = new ScriptedExecutor<>();
 * dispatcher.register(ReportJob.class, reports);
 * orchestrator.fetch("q3");
 * ReportJob job = reports.awaitJob();
 * reports.progress(job, 0.5, "half way");
 * reports.succeed(job, "Q3 report");
 * }</pre>
 *
 * <p>Register it with {@code Dispatcher.register(jobType, executor)}: its job type cannot be read
 * from a type argument. On a dispatcher on {@link VirtualTime} (its executor), an attempt waiting
 * for its instruction counts as waiting, so time can move meanwhile, and an instruction counts it as
 * running again at once, so time waits for what it does. An attempt waits in real time at most the
 * {@linkplain #ScriptedExecutor(Duration) given limit} (10 s unless set), then fails with an
 * {@link IllegalStateException}; cancelling or timing the job out interrupts the wait. Instructions
 * given before the attempt starts wait for it; a failure that the job's retry policy retries is
 * followed by another attempt, which waits for the next instruction.
 *
 * <p>Thread-safe.
 *
 * @param <J> the job type
 */
public final class ScriptedExecutor<J extends BaseJob> extends BaseExecutor<J> {

    private final Duration limit;
    private final Object lock = new Object();
    private final List<J> jobs = new ArrayList<>();
    /** How many of {@link #jobs} {@link #awaitJob()} has returned. */
    private int taken;

    private final Map<String, Mailbox<Instruction>> instructions = new ConcurrentHashMap<>();

    /** Creates an executor whose attempts wait at most 10 s for an instruction. */
    public ScriptedExecutor() {
        this(EventRecorder.DEFAULT_TIMEOUT);
    }

    /**
     * Creates an executor whose attempts wait at most {@code limit} for an instruction.
     *
     * @param limit how long an attempt waits, positive
     */
    public ScriptedExecutor(Duration limit) {
        this.limit = Waits.positive(limit);
    }

    private sealed interface Instruction permits Succeed, Fail, Progress {}

    private record Succeed(@Nullable Object data) implements Instruction {}

    private record Fail(Throwable error) implements Instruction {}

    private record Progress(double progress, @Nullable String message) implements Instruction {}

    private Mailbox<Instruction> queueOf(BaseJob job) {
        return instructions.computeIfAbsent(job.id(), id -> new Mailbox<>());
    }

    @Override
    protected @Nullable Object process(J job) throws Exception {
        synchronized (lock) {
            if (!jobs.contains(job)) {
                jobs.add(job);
            }
            lock.notifyAll();
        }
        Mailbox<Instruction> queue = queueOf(job);
        while (true) {
            Instruction next = queue.take(limit);
            if (next == null) {
                throw new IllegalStateException(
                        "ScriptedExecutor: no instruction for " + job.logName() + " within " + limit);
            }
            if (next instanceof Succeed succeed) {
                return succeed.data();
            }
            if (next instanceof Fail fail) {
                if (fail.error() instanceof Exception exception) {
                    throw exception;
                }
                throw (Error) fail.error();
            }
            Progress progress = (Progress) next;
            emitProgress(job, progress.progress(), progress.message());
        }
    }

    /** {@return the jobs whose first attempt started, in order} */
    public List<J> jobs() {
        synchronized (lock) {
            return List.copyOf(jobs);
        }
    }

    /**
     * Waits until a job's first attempt has started that the test has not taken yet with this method,
     * in start order.
     *
     * @return that job
     * @throws AssertionError when none starts within the limit
     */
    public J awaitJob() {
        Waits.until(
                lock,
                () -> taken < jobs.size(),
                limit,
                () -> "No new job started within " + limit + "; jobs so far: " + jobs);
        synchronized (lock) {
            return jobs.get(taken++);
        }
    }

    /**
     * Makes the job's current (or next) attempt return {@code data}: the job succeeds.
     *
     * @param job the job
     * @param data its result, or {@code null}
     */
    public void succeed(BaseJob job, @Nullable Object data) {
        queueOf(job).put(new Succeed(data));
    }

    /**
     * Makes the job's current (or next) attempt throw {@code error}: the job is retried if its policy
     * allows, otherwise it fails.
     *
     * @param job the job
     * @param error what the attempt throws, not {@code null}
     */
    public void fail(BaseJob job, Throwable error) {
        queueOf(job).put(new Fail(Objects.requireNonNull(error, "error must not be null")));
    }

    /**
     * Makes the job's current (or next) attempt report progress and go on waiting.
     *
     * @param job the job
     * @param progress 0.0 to 1.0
     * @param message what it is doing, or {@code null}
     */
    public void progress(BaseJob job, double progress, @Nullable String message) {
        queueOf(job).put(new Progress(progress, message));
    }
}
