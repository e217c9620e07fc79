package dev.orchestrator.test;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Time that moves only when the test moves it: a {@link #clock() clock}, a
 * {@link #scheduler() scheduler} for the dispatcher's timeouts and backoff waits, and an
 * {@link #executor() executor} whose jobs it can see, so that a test of a retry with 1 s, 2 s and
 * 4 s backoff and a 30 s timeout runs in milliseconds, with the same events in the same order every
 * time.
 *
 * <pre>{@code
 * try (VirtualTime time = new VirtualTime()) {
 *     Dispatcher dispatcher = time.dispatcher(bus).build();
 *     dispatcher.register(new ReportExecutor(flakyClient));
 *     JobHandle<Object> handle = dispatcher.submit(new ReportJob("q3"));
 *     time.runUntilDone(handle);              // backoff waits and the timeout pass in virtual time
 *     assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Jobs run on real threads of {@link #executor()}; the scheduler's tasks (a retry's next attempt, a
 * timeout) run on the thread that moves time, one at a time, in the order of their due time. Before
 * each step time waits until things have <em>settled</em>: no job is running except those waiting in
 * {@link #sleep(Duration)}, and every {@linkplain #watch watched} bus has delivered what was emitted.
 * So a job that must take long in a test waits with {@code time.sleep(..)} (a collaborator mocked to
 * do so, for example), never with {@code Thread.sleep}; and every bus that orchestrators react on
 * is watched ({@link #dispatcher(SignalBus)} watches its bus).
 *
 * <p>Give the clock to everything time-dependent: {@link #config(OrchestratorConfig)} puts it into
 * the configuration, which the circuit breaker's one-second window, the registry's retention and the
 * timeouts read.
 *
 * <p>Thread-safe, but time should be moved by one thread (the test's).
 */
public final class VirtualTime implements AutoCloseable {

    /** Where virtual time starts unless told otherwise. */
    public static final Instant DEFAULT_ORIGIN = Instant.parse("2030-01-01T00:00:00Z");

    /** How long settling may take, in real time, before a step gives up. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);

    private final Instant origin;
    private final Object lock = new Object();
    /** Nanoseconds since {@link #origin}. */
    private volatile long now;

    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long sequence;
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final VirtualClock clock = new VirtualClock(ZoneOffset.UTC);

    private final ExecutorService workers;
    private final CountingExecutor executor;
    /** Tasks handed to {@link #executor} that have not returned. */
    private int busy;
    /** Of {@link #busy}, those waiting in {@link #sleep}. */
    private int sleeping;
    /** Bumped on every change of {@link #busy} or {@link #sleeping}. */
    private long changes;

    private final List<SignalBus> watched = new CopyOnWriteArrayList<>();
    /** The virtual time whose executor runs the current thread's job, if any. */
    private static final ThreadLocal<@Nullable VirtualTime> CURRENT = new ThreadLocal<>();

    /** Creates virtual time starting at {@link #DEFAULT_ORIGIN}. */
    public VirtualTime() {
        this(DEFAULT_ORIGIN);
    }

    /**
     * Creates virtual time starting at {@code origin}.
     *
     * @param origin what the clock says before time moves, not {@code null}
     */
    public VirtualTime(Instant origin) {
        this.origin = Objects.requireNonNull(origin, "origin must not be null");
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "virtual-time-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.workers = Executors.newCachedThreadPool(threads);
        this.executor = new CountingExecutor();
    }

    /** {@return a clock that reads virtual time, in UTC} */
    public Clock clock() {
        return clock;
    }

    /**
     * {@return the scheduler to give {@link Dispatcher.Builder#scheduler}}: its tasks run when time
     * reaches them, on the thread that moves time
     */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * {@return the executor to give {@link Dispatcher.Builder#executor}}: real daemon threads (as
     * many as needed), counted so that time moves on only when its jobs are done or
     * {@linkplain #sleep sleeping}
     */
    public ExecutorService executor() {
        return executor;
    }

    /**
     * {@return {@code config} with this clock}
     *
     * @param config the configuration to copy, not {@code null}
     */
    public OrchestratorConfig config(OrchestratorConfig config) {
        return OrchestratorConfig.from(config).clock(clock).build();
    }

    /**
     * {@return a dispatcher builder on virtual time}: the default configuration with this clock,
     * this scheduler and this executor, jobs reporting to {@code bus}, which is
     * {@linkplain #watch watched}
     *
     * @param bus the dispatcher's default bus, not {@code null}
     */
    public Dispatcher.Builder dispatcher(SignalBus bus) {
        return dispatcher(bus, OrchestratorConfig.ofDefaults());
    }

    /**
     * {@return a dispatcher builder on virtual time with that configuration} (its clock replaced by
     * this one), this scheduler and executor, jobs reporting to {@code bus}, which is watched
     *
     * @param bus the dispatcher's default bus, not {@code null}
     * @param config the configuration, not {@code null}
     */
    public Dispatcher.Builder dispatcher(SignalBus bus, OrchestratorConfig config) {
        watch(bus);
        return Dispatcher.builder()
                .config(config(config))
                .defaultBus(bus)
                .scheduler(scheduler)
                .executor(executor);
    }

    /**
     * Makes time wait, before each step, until these buses have delivered every event emitted to
     * them: the buses whose subscribers react to jobs (orchestrators dispatching follow-ups, a
     * recorder the test reads).
     *
     * @param buses the buses, not {@code null}
     * @return this
     */
    public VirtualTime watch(SignalBus... buses) {
        for (SignalBus bus : buses) {
            Objects.requireNonNull(bus, "bus must not be null");
            if (!watched.contains(bus)) {
                watched.add(bus);
            }
        }
        return this;
    }

    /** {@return what the clock says now} */
    public Instant now() {
        return origin.plusNanos(now);
    }

    /** {@return how far time has moved since it started} */
    public Duration elapsed() {
        return Duration.ofNanos(now);
    }

    /** {@return how many scheduled tasks are waiting for their time (cancelled ones not counted)} */
    public int pendingTasks() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /**
     * Moves time forward by {@code duration}: settles, then runs every task due by then in order of
     * due time, each at its own time and settling after each, and leaves the clock at the end.
     *
     * @param duration how far, not negative
     * @return this
     * @throws AssertionError when things do not settle within 10 s of real time
     */
    public VirtualTime advance(Duration duration) {
        Objects.requireNonNull(duration, "duration must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        long target = Math.addExact(now, duration.toNanos());
        settle();
        while (runNextDueBy(target)) {
            settle();
        }
        now = Math.max(now, target);
        return this;
    }

    /**
     * Lets things settle, then runs the next scheduled task at its time, and settles again.
     *
     * @return whether a task was waiting
     */
    public boolean runNext() {
        settle();
        boolean ran = runNextDueBy(Long.MAX_VALUE);
        if (ran) {
            settle();
        }
        return ran;
    }

    /**
     * Moves time from task to task until {@code condition} holds once things have settled.
     *
     * @param condition what the test waits for, read on this thread
     * @return this
     * @throws AssertionError when nothing is left to run and the condition still does not hold, or
     *     things do not settle within 10 s of real time
     */
    public VirtualTime runUntil(BooleanSupplier condition) {
        Objects.requireNonNull(condition, "condition must not be null");
        settle();
        while (!condition.getAsBoolean()) {
            if (!runNextDueBy(Long.MAX_VALUE)) {
                throw new AssertionError("Nothing is scheduled any more and the condition still does not hold, at "
                        + elapsed() + " of virtual time");
            }
            settle();
        }
        return this;
    }

    /**
     * Moves time until the job has ended.
     *
     * @param handle the job's handle
     * @return this
     * @throws AssertionError when nothing is left to run and the job has not ended
     */
    public VirtualTime runUntilDone(JobHandle<?> handle) {
        Objects.requireNonNull(handle, "handle must not be null");
        return runUntil(handle::isDone);
    }

    /**
     * Waits in virtual time: for a job's {@code process} (or a collaborator it calls) that should
     * take long. Returns once time has been moved past {@code duration} from now; throws when the
     * thread is interrupted first (as a job's worker is when the job times out or is cancelled).
     *
     * @param duration how long, not negative
     * @throws InterruptedException when interrupted while waiting
     * @throws IllegalStateException when not called on a thread of {@link #executor()}: another thread
     *     waiting would keep things from settling
     */
    public void sleep(Duration duration) throws InterruptedException {
        Objects.requireNonNull(duration, "duration must not be null");
        if (CURRENT.get() != this) {
            throw new IllegalStateException("VirtualTime.sleep must be called from a job running on"
                    + " VirtualTime.executor() (on " + Thread.currentThread().getName() + ")");
        }
        CountDownLatch woken = new CountDownLatch(1);
        Task<Void> wake;
        synchronized (lock) {
            sleeping++;
            changes++;
            wake = new Task<>(() -> woken.countDown(), null, Math.addExact(now, Math.max(0, duration.toNanos())));
            queue.add(wake);
        }
        try {
            woken.await();
        } finally {
            synchronized (lock) {
                if (queue.remove(wake)) { // interrupted before its time: nothing will wake it now
                    sleeping--;
                    changes++;
                }
            }
        }
    }

    /** {@return the virtual time whose executor runs this thread's job, or {@code null}} */
    static @Nullable VirtualTime current() {
        return CURRENT.get();
    }

    /**
     * Counts this thread's job as waiting (like {@link #sleep}) until {@link #unpark()}: for a job
     * that waits for the test, which then does not keep time from moving.
     */
    void park() {
        synchronized (lock) {
            sleeping++;
            changes++;
        }
    }

    /** Counts a {@link #park() parked} job as running again; called before it is woken. */
    void unpark() {
        synchronized (lock) {
            sleeping--;
            changes++;
        }
    }

    /** Stops the executor's threads (interrupting running jobs) and the scheduler; time stops. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    @Override
    public String toString() {
        return "VirtualTime[now=" + now() + ", pending=" + pendingTasks() + "]";
    }

    /** Runs the earliest task due by {@code target} at its time; {@return whether there was one} */
    private boolean runNextDueBy(long target) {
        Task<?> task;
        synchronized (lock) {
            task = queue.peek();
            if (task == null || task.at > target) {
                return false;
            }
            queue.poll();
            now = Math.max(now, task.at);
            if (task.wakesSleeper()) {
                sleeping--; // counted as running again before it wakes, so that settling waits for it
                changes++;
            }
        }
        task.run();
        if (!task.isCancelled() && !task.wakesSleeper()) {
            try {
                task.get();
            } catch (java.util.concurrent.ExecutionException ex) {
                throw new AssertionError("A task of the dispatcher's timer failed at " + elapsed(), ex.getCause());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", ex);
            } catch (java.util.concurrent.CancellationException ex) {
                // cancelled while it ran: nothing to report
            }
        }
        return true;
    }

    /**
     * Waits until no job of the executor runs except those sleeping, and the watched buses are idle,
     * with no change in between.
     */
    private void settle() {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (true) {
            long seen;
            synchronized (lock) {
                seen = busy == sleeping ? changes : -1;
            }
            if (seen >= 0 && watchedIdle()) {
                synchronized (lock) {
                    if (changes == seen && busy == sleeping) {
                        return;
                    }
                }
            }
            if (System.nanoTime() - deadline > 0) {
                int running;
                synchronized (lock) {
                    running = busy - sleeping;
                }
                throw new AssertionError("Virtual time could not move on: after " + SETTLE_TIMEOUT + " of real time, "
                        + running + " jobs were still running (not in VirtualTime.sleep) and the watched buses were "
                        + (watchedIdle() ? "idle" : "busy") + ". A job that must wait in a test waits with"
                        + " VirtualTime.sleep, not Thread.sleep.");
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
    }

    private boolean watchedIdle() {
        for (SignalBus bus : watched) {
            try {
                if (!bus.awaitIdle(Duration.ZERO)) {
                    return false;
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for bus '" + bus.name() + "'", ex);
            }
        }
        return true;
    }

    /** A task for its due time; ties run in the order they were scheduled. */
    private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
        private final long at;
        private final long seq;
        /** Whether it ends a {@link #sleep}: the sleeper counts as running again once it is taken. */
        private final boolean wakesSleeper;

        Task(Callable<V> callable, long at) {
            super(callable);
            this.at = at;
            this.seq = nextSequence();
            this.wakesSleeper = false;
        }

        Task(Runnable wake, @Nullable V result, long at) {
            super(wake, result);
            this.at = at;
            this.seq = nextSequence();
            this.wakesSleeper = true;
        }

        boolean wakesSleeper() {
            return wakesSleeper;
        }

        @Override
        public boolean isPeriodic() {
            return false;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Task<?> task) {
                int byTime = Long.compare(at, task.at);
                return byTime != 0 ? byTime : Long.compare(seq, task.seq);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                synchronized (lock) {
                    queue.remove(this);
                }
            }
            return cancelled;
        }
    }

    private long nextSequence() {
        synchronized (lock) {
            return sequence++;
        }
    }

    /** The scheduler: one-shot tasks in virtual time (periodic ones are not needed by the dispatcher). */
    private final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
        private volatile boolean shutdown;

        private <V> ScheduledFuture<V> add(Callable<V> callable, long delay, TimeUnit unit) {
            Objects.requireNonNull(callable, "task must not be null");
            Objects.requireNonNull(unit, "unit must not be null");
            synchronized (lock) {
                if (shutdown) {
                    throw new RejectedExecutionException("VirtualTime is closed");
                }
                long at = now + Math.max(0, unit.toNanos(delay));
                Task<V> task = new Task<>(callable, at < 0 ? Long.MAX_VALUE : at);
                queue.add(task);
                return task;
            }
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            Objects.requireNonNull(command, "command must not be null");
            return add(Executors.callable(command), delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return add(callable, delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException("VirtualTime's scheduler runs one-shot tasks only");
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(
                Runnable command, long initialDelay, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException("VirtualTime's scheduler runs one-shot tasks only");
        }

        @Override
        public void execute(Runnable command) {
            schedule(command, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            List<Runnable> left;
            synchronized (lock) {
                shutdown = true;
                left = new ArrayList<>(queue);
                queue.clear();
            }
            return left;
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return shutdown;
        }
    }

    /** Runs jobs on the worker threads and counts them. */
    private final class CountingExecutor extends AbstractExecutorService {

        @Override
        public void execute(Runnable command) {
            Objects.requireNonNull(command, "command must not be null");
            synchronized (lock) {
                busy++;
                changes++;
            }
            try {
                workers.execute(() -> {
                    CURRENT.set(VirtualTime.this);
                    try {
                        command.run();
                    } finally {
                        CURRENT.remove();
                        synchronized (lock) {
                            busy--;
                            changes++;
                        }
                    }
                });
            } catch (RejectedExecutionException ex) {
                synchronized (lock) {
                    busy--;
                    changes++;
                }
                throw ex;
            }
        }

        @Override
        public void shutdown() {
            workers.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return workers.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return workers.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return workers.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return workers.awaitTermination(timeout, unit);
        }
    }

    /** Reads {@link #now}; zones share the time. */
    private final class VirtualClock extends Clock {
        private final ZoneId zone;

        VirtualClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new VirtualClock(zone);
        }

        @Override
        public Instant instant() {
            return now();
        }

        @Override
        public String toString() {
            return "VirtualClock[" + now() + "]";
        }
    }
}
