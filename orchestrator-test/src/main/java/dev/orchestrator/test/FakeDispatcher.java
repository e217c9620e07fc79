package dev.orchestrator.test;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.FinishedJob;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.orchestration.JobInterceptor;
import dev.orchestrator.orchestration.JobOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A dispatcher for testing an orchestrator without its executors: it records every job dispatched
 * and lets the test decide how each one goes — {@link #succeed} (with a result), {@link #fail},
 * {@link #progress}, {@link #cancel}, {@link #timeout}. Underneath is a real {@link Dispatcher}
 * (give {@link #dispatcher()} to the orchestrator) with a {@link ScriptedExecutor} for each job
 * type {@linkplain #handle handled}, so the orchestrator receives the real lifecycle events, in the
 * real order, with retries and the circuit breaker as configured.
 *
 * <pre>{@code
 * try (FakeDispatcher fake = new FakeDispatcher(bus).handle(UploadJob.class)) {
 *     UploadOrchestrator uploads = new UploadOrchestrator(fake.dispatcher(), bus);
 *     uploads.upload("a.txt");
 *     UploadJob job = fake.awaitDispatched(UploadJob.class);
 *     fake.progress(job, 0.5, "half way");
 *     fake.succeed(job, "stored");
 *     assertThat(fake).hasDispatched(UploadJob.class, 1);
 * }
 * }</pre>
 *
 * <p>It runs on {@link VirtualTime}: time stands still until the test moves it with {@link #time()}
 * (a retry's backoff wait) or {@link #timeout}; a job waiting for the test's instruction does not
 * keep time from moving, and an instruction makes time wait for what the job does with it. The bus
 * given is watched. Jobs are recorded when dispatched, before the dispatcher admits them (a job
 * refused for lack of room is recorded too). Thread-safe.
 */
public final class FakeDispatcher implements AutoCloseable {

    private final VirtualTime time = new VirtualTime();
    private final Dispatcher dispatcher;
    private final List<BaseJob> dispatched = new ArrayList<>();
    private final Map<Class<? extends BaseJob>, ScriptedExecutor<BaseJob>> executors = new ConcurrentHashMap<>();

    /**
     * Creates a fake dispatcher whose jobs report to {@code bus} (unless dispatched to another).
     *
     * @param bus the default bus, not {@code null}
     */
    public FakeDispatcher(SignalBus bus) {
        this(bus, OrchestratorConfig.ofDefaults());
    }

    /**
     * Creates a fake dispatcher with that configuration (its clock replaced by virtual time's).
     *
     * @param bus the default bus, not {@code null}
     * @param config the configuration (circuit-breaker limits, job defaults), not {@code null}
     */
    public FakeDispatcher(SignalBus bus, OrchestratorConfig config) {
        Objects.requireNonNull(bus, "bus must not be null");
        Objects.requireNonNull(config, "config must not be null");
        JobInterceptor recording = job -> {
            synchronized (dispatched) {
                dispatched.add(job);
                dispatched.notifyAll();
            }
            return JobInterceptor.Interception.NONE;
        };
        this.dispatcher = time.dispatcher(bus, config).interceptor(recording).build();
    }

    /**
     * Handles jobs of these types with scripted executors: until then, dispatching one fails as with
     * any dispatcher that has no executor for it.
     *
     * @param jobTypes the job classes, exactly as dispatched
     * @return this
     */
    @SafeVarargs
    public final FakeDispatcher handle(Class<? extends BaseJob>... jobTypes) {
        for (Class<? extends BaseJob> type : jobTypes) {
            ScriptedExecutor<BaseJob> executor = new ScriptedExecutor<>();
            dispatcher.register(type, executor);
            executors.put(type, executor);
        }
        return this;
    }

    /** {@return the real dispatcher to give the orchestrator under test} */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** {@return the virtual time the dispatcher's timeouts and backoff waits run on} */
    public VirtualTime time() {
        return time;
    }

    /** {@return every job dispatched so far, in order} */
    public List<BaseJob> dispatched() {
        synchronized (dispatched) {
            return List.copyOf(dispatched);
        }
    }

    /**
     * {@return the jobs of that type dispatched so far, in order}
     *
     * @param type the job class, subclasses included
     * @param <J> the job type
     */
    public <J extends BaseJob> List<J> dispatched(Class<J> type) {
        return dispatched().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /**
     * Waits until a job of that type has been dispatched and returns the first one.
     *
     * @param type the job class, subclasses included
     * @param <J> the job type
     * @return the first job of that type
     * @throws AssertionError when none is dispatched within 10 s
     */
    public <J extends BaseJob> J awaitDispatched(Class<J> type) {
        return awaitDispatched(type, 1).get(0);
    }

    /**
     * Waits until {@code count} jobs of that type have been dispatched.
     *
     * @param type the job class, subclasses included
     * @param count how many, at least 1
     * @param <J> the job type
     * @return the jobs of that type dispatched by then
     * @throws AssertionError when fewer are dispatched within 10 s
     */
    public <J extends BaseJob> List<J> awaitDispatched(Class<J> type, int count) {
        Waits.until(
                dispatched,
                () -> dispatched(type).size() >= count,
                EventRecorder.DEFAULT_TIMEOUT,
                () -> "Waited " + EventRecorder.DEFAULT_TIMEOUT + " for " + count + " " + type.getSimpleName()
                        + " to be dispatched; dispatched: " + dispatched);
        return dispatched(type);
    }

    private ScriptedExecutor<BaseJob> executorOf(BaseJob job) {
        ScriptedExecutor<BaseJob> executor = executors.get(job.getClass());
        if (executor == null) {
            throw new IllegalArgumentException(
                    "FakeDispatcher does not handle " + job.getClass().getName() + "; handled: " + executors.keySet()
                            + ". Call handle(" + job.getClass().getSimpleName() + ".class)");
        }
        return executor;
    }

    /**
     * Makes the job succeed with that result (its current attempt, or the next one).
     *
     * @param job a dispatched job
     * @param data its result, or {@code null}
     */
    public void succeed(BaseJob job, @Nullable Object data) {
        executorOf(job).succeed(job, data);
    }

    /**
     * Makes the job's attempt fail with that error: retried if its policy allows (move
     * {@link #time()} on for the backoff wait), otherwise the job fails.
     *
     * @param job a dispatched job
     * @param error the error, not {@code null}
     */
    public void fail(BaseJob job, Throwable error) {
        executorOf(job).fail(job, error);
    }

    /**
     * Makes the job report progress; it goes on running.
     *
     * @param job a dispatched job
     * @param progress 0.0 to 1.0
     * @param message what it is doing, or {@code null}
     */
    public void progress(BaseJob job, double progress, @Nullable String message) {
        executorOf(job).progress(job, progress, message);
    }

    /**
     * Cancels the job, as {@link Dispatcher#cancel(String)} does.
     *
     * @param job a dispatched job
     * @return whether it was still running
     */
    public boolean cancel(BaseJob job) {
        return dispatcher.cancel(job.id());
    }

    /**
     * Makes the job time out: moves virtual time to its timeout.
     *
     * @param job a dispatched job that has a timeout (its own, or its type's default)
     * @throws IllegalStateException when the job has no timeout or has already ended
     */
    public void timeout(BaseJob job) {
        JobHandle<Object> handle = dispatcher
                .job(job.id())
                .filter(h -> !h.isDone())
                .orElseThrow(() -> new IllegalStateException("Job " + job.logName() + " is not running"));
        boolean hasTimeout = job.timeout().isPresent()
                || dispatcher.config().jobDefaultsFor(job.getClass()).timeout().isPresent();
        if (!hasTimeout) {
            throw new IllegalStateException("Job " + job.logName() + " has no timeout to run out: give it one"
                    + " (JobOptions.timeout, or a default for its type in the configuration)");
        }
        time.runUntil(handle::isDone); // lets the attempt start (its timeout is armed then), then runs the timer
        if (handle.finished().map(FinishedJob::outcome).orElse(null) != JobOutcome.TIMEOUT) {
            throw new IllegalStateException("Job " + job.logName() + " ended before its timeout: " + handle.finished());
        }
    }

    /** Shuts the dispatcher down (running jobs are cancelled) and stops virtual time. */
    @Override
    public void close() {
        dispatcher.shutdown(Duration.ZERO);
        time.close();
    }
}
