package dev.orchestrator.orchestration;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.cluster.ClusterHome;
import dev.orchestrator.cluster.JobTicket;
import dev.orchestrator.cluster.JobTransport;
import dev.orchestrator.config.JobDefaults;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.EventChain;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.LogText;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.retry.RetryPolicy;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Routes each job, by its exact class, to the one {@link BaseExecutor} registered for it, and runs
 * it in the background.
 *
 * <p>{@link #dispatch(BaseJob, SignalBus)} returns the job's id at once: it never runs
 * {@code process} on the caller's thread and never waits for it. From then on the job's events go
 * to the given bus and the {@link #registry() registry} knows it until it ends; it ends exactly
 * once, with one terminal event, whatever happens (see {@link BaseExecutor}).
 *
 * <p>Unless given an executor, the dispatcher owns a bounded pool of
 * {@link OrchestratorConfig#executionPoolSize()} daemon threads with a queue of
 * {@link OrchestratorConfig#executionQueueCapacity()} jobs; when it is full, {@code dispatch}
 * throws {@link RejectedExecutionException} and the job is not registered. Unless given a
 * scheduler, it also owns one timer thread for timeouts and backoff waits, and unless given a handle
 * executor, the threads that complete {@link JobHandle} futures (created on demand). It shuts down
 * what it owns, never what it was given.
 *
 * <p>Thread-safe: register, dispatch and cancel from any thread.
 */
public final class Dispatcher implements AutoCloseable {

    private final OrchestratorConfig config;
    private final JobRegistry registry;
    private final boolean ownsRegistry;
    private final SignalBus defaultBus;
    private final Executor executionExecutor;
    private final @Nullable ExecutorService ownedPool;
    private final ScheduledExecutorService scheduler;
    /** Whether {@link #scheduler} is this dispatcher's own timer thread (shut down with it). */
    private final boolean ownsScheduler;
    /** The configured clock, unless it is a system clock: then {@link System#nanoTime()} measures timeouts. */
    private final @Nullable Clock timeoutClock;
    /** Where job handles' futures are completed when given; otherwise {@link #handlePool}. */
    private final @Nullable Executor handleExecutor;
    /** Shared with the cluster workers this dispatcher creates (see {@link #clusterWorker}). */
    private final Map<Class<? extends BaseJob>, BaseExecutor<?>> executors;
    /** For a cluster worker, the dispatcher whose executors it runs; {@code null} otherwise. */
    private final @Nullable Dispatcher parent;
    /** The cluster workers this dispatcher created: its executors' jobs may run there too. */
    private final List<Dispatcher> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The buses this dispatcher's jobs reported to: where a shutdown waits for endings to be heard. */
    private final java.util.Set<SignalBus> jobBuses = ConcurrentHashMap.newKeySet();
    /**
     * How many of the registry's running jobs are this dispatcher's (a registry may be shared): the
     * registry's map of running jobs is the one index by id, so a job costs one map entry, not two.
     */
    private final AtomicInteger running = new AtomicInteger();
    /** Of {@link #running}, the jobs handed to the cluster (they run elsewhere; shutdown does not wait for them). */
    private final AtomicInteger remote = new AtomicInteger();
    /** Cluster mode: where jobs go instead of the pool; {@code null} in one JVM. */
    private final @Nullable JobTransport transport;

    private final @Nullable JobInterceptor interceptor;
    /** Completes job handles' futures, created when the first handle asks for a result. */
    private volatile @Nullable ExecutorService handlePool;

    private final Object shutdownMonitor = new Object();
    private volatile boolean shutdown;
    private volatile boolean stopping;
    // Jobs whose timeout is not armed yet, a stack linked through JobRun.nextUnarmed (see deferTimeout)
    private final AtomicReference<JobRun<?>> unarmedTimeouts = new AtomicReference<>();
    private final AtomicBoolean armingScheduled = new AtomicBoolean();

    /**
     * How long after its start a job's timeout is armed at the latest (see {@link #deferTimeout});
     * shorter timeouts (up to twice this) are armed at the start.
     */
    static final long TIMEOUT_ARMING_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Dispatcher(Builder builder) {
        this.config = builder.config;
        this.parent = builder.parent;
        this.executors = parent != null ? parent.executors : new ConcurrentHashMap<>();
        this.ownsRegistry = builder.registry == null;
        this.registry = builder.registry != null ? builder.registry : new JobRegistry(config);
        registry.attach();
        this.defaultBus = builder.defaultBus != null ? builder.defaultBus : SignalBus.instance();
        this.interceptor = builder.interceptor != null
                ? builder.interceptor
                : builder.interceptors.isEmpty() ? null : JobInterceptor.composite(builder.interceptors);
        if (builder.executor != null) {
            this.executionExecutor = builder.executor;
            this.ownedPool = null;
        } else {
            this.ownedPool = newPool(config.executionPoolSize(), config.executionQueueCapacity());
            this.executionExecutor = ownedPool;
        }
        if (builder.scheduler != null) {
            this.scheduler = builder.scheduler;
            this.ownsScheduler = false;
        } else {
            ScheduledThreadPoolExecutor timer =
                    new ScheduledThreadPoolExecutor(1, daemonThreads("orchestrator-timer-"));
            timer.setRemoveOnCancelPolicy(true);
            this.scheduler = timer;
            this.ownsScheduler = true;
        }
        // the system clock in any zone: System.nanoTime, which wall-clock adjustments do not move
        this.timeoutClock = config.clock().getClass() == Clock.systemUTC().getClass() ? null : config.clock();
        this.handleExecutor = builder.handleExecutor;
        registry.track(defaultBus);
        this.transport = builder.transport;
        if (transport != null) {
            transport.open(this::deliverHome);
        }
    }

    /** Creates a dispatcher with the default configuration, its own pool and the global bus. */
    public Dispatcher() {
        this(builder());
    }

    /**
     * Creates a dispatcher with the given configuration, its own pool and the global bus.
     *
     * @param config the configuration, not {@code null}
     */
    public Dispatcher(OrchestratorConfig config) {
        this(builder().config(config));
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers an executor for the job type {@code J} of its class declaration
     * ({@code class UploadExecutor extends BaseExecutor<UploadJob>}).
     *
     * @param executor the executor, not {@code null}
     * @param <J> the job type
     * @throws IllegalArgumentException when the job type cannot be read from the class; use
     *     {@link #register(Class, BaseExecutor)} then
     * @throws IllegalStateException when another executor is registered for that type
     */
    public <J extends BaseJob> void register(BaseExecutor<J> executor) {
        Objects.requireNonNull(executor, "executor must not be null");
        Class<? extends BaseJob> jobType = resolveJobType(executor.getClass());
        if (jobType == null) {
            throw new IllegalArgumentException(
                    "Cannot tell the job type of executor "
                            + executor.getClass().getName()
                            + " from its declaration; declare it as 'extends BaseExecutor<YourJob>' or call register(YourJob.class, executor)");
        }
        doRegister(jobType, executor);
    }

    /**
     * Registers an executor for an explicit job type.
     *
     * @param jobType the exact job class, not {@code null}, not abstract
     * @param executor the executor, not {@code null}
     * @param <J> the job type
     * @throws IllegalArgumentException when {@code jobType} is abstract or an interface
     * @throws IllegalStateException when another executor is registered for that type
     */
    public <J extends BaseJob> void register(Class<? extends J> jobType, BaseExecutor<J> executor) {
        Objects.requireNonNull(jobType, "jobType must not be null");
        Objects.requireNonNull(executor, "executor must not be null");
        doRegister(jobType, executor);
    }

    private synchronized void doRegister(Class<? extends BaseJob> jobType, BaseExecutor<?> executor) {
        if (parent != null) {
            throw new IllegalStateException("A cluster worker runs the executors of the dispatcher that created it;"
                    + " register " + executor.name() + " there");
        }
        if (jobType.isInterface() || java.lang.reflect.Modifier.isAbstract(jobType.getModifiers())) {
            throw new IllegalArgumentException("jobType must be a concrete job class, was " + jobType.getName());
        }
        // Check before binding: a refused executor must stay free for another dispatcher.
        BaseExecutor<?> existing = executors.get(jobType);
        if (existing != null && existing != executor) {
            throw new IllegalStateException("Job type " + jobType.getName() + " already has executor " + existing.name()
                    + "; cannot register " + executor.name() + " for it too");
        }
        executor.bind(this);
        executors.put(jobType, executor);
    }

    /** {@return the registered executors by job type; an unmodifiable copy} */
    public Map<Class<? extends BaseJob>, BaseExecutor<?>> executors() {
        return Map.copyOf(executors);
    }

    /**
     * Dispatches a job whose events go to the dispatcher's default bus.
     *
     * @param job the job, not {@code null}
     * @return the job's id, at once
     * @see #dispatch(BaseJob, SignalBus)
     */
    public String dispatch(BaseJob job) {
        return dispatch(job, defaultBus);
    }

    /**
     * Dispatches a job whose events go to {@code bus}. Returns at once; the job runs in the
     * background. Nothing is registered and no event is emitted when this method throws.
     *
     * @param job the job, not {@code null}, not dispatched before
     * @param bus where the job's events go, not {@code null}
     * @return the job's id
     * @throws ExecutorNotFoundException when no executor is registered for the job's class
     * @throws IllegalStateException when the job's id belongs to a job that is still running or a
     *     finished job the registry still retains (through this dispatcher or another one sharing its
     *     registry), as it does when the same instance is dispatched twice
     * @throws RejectedExecutionException when the dispatcher is shut down, has {@code maxActiveJobs} jobs active
     *     or its pool is full
     */
    public String dispatch(BaseJob job, SignalBus bus) {
        return start(job, bus, null, 1).id();
    }

    /**
     * Dispatches (a ticket: runs here what the cluster handed over); returns the run, which keeps the
     * result for handles even once the job ended.
     */
    private JobRun<?> start(BaseJob job, SignalBus bus, @Nullable JobTicket ticket, int deliveryCount) {
        Objects.requireNonNull(job, "job must not be null");
        Objects.requireNonNull(bus, "bus must not be null");
        if (shutdown && (stopping || EventChain.currentDepth() == 0)) {
            throw new RejectedExecutionException("Dispatcher is shut down; job " + job.logName() + " was not dispatched"
                    + (stopping
                            ? " (its grace period is over)"
                            : " (during the grace period only follow-up jobs that orchestrators' handlers dispatch are"
                                    + " accepted)"));
        }
        if (bus.isClosed()) {
            throw new IllegalStateException("Bus '" + bus.name() + "' is closed; job " + job.logName()
                    + " was not dispatched (its events would reach nobody)");
        }
        BaseExecutor<?> executor = executors.get(job.getClass());
        if (executor == null) {
            throw new ExecutorNotFoundException(job.getClass(), registeredTypes());
        }
        JobInterceptor.Interception interception = interceptor == null
                ? JobInterceptor.Interception.NONE
                : Objects.requireNonNull(interceptor.onDispatch(job), "JobInterceptor returned a null interception");
        JobRun<?> run =
                newRun(job, executor, bus, interception, ticket == null ? transport : null, ticket, deliveryCount);
        // Counted before it becomes visible in the registry, where cancel(id) or a shutdown may end it
        // at once; it is uncounted exactly once, by whoever ends or abandons it (see abandon).
        int active;
        do {
            active = running.get();
            if (active >= config.maxActiveJobs()) {
                throw new RejectedExecutionException("Dispatcher refused job " + job.logName() + ": "
                        + config.maxActiveJobs() + " jobs are active (queued, running or waiting to retry), its"
                        + " limit; raise OrchestratorConfig maxActiveJobs (orchestrator.execution.max-active-jobs"
                        + " with the Spring Boot starter) or dispatch fewer jobs at once");
            }
        } while (!running.compareAndSet(active, active + 1));
        if (run.isRemote()) {
            remote.incrementAndGet();
        }
        // Tracked before the job is visible: its lifecycle events, even a cancel's at once, need the
        // registry to monitor the bus (it vouches for them, see SignalBus.emit).
        registry.track(bus);
        JobRegistry.Admission admission = registry.add(run);
        if (admission != JobRegistry.Admission.ADDED) {
            uncount(run);
            throw new IllegalStateException("A job with id " + LogText.quote(job.id())
                    + (admission == JobRegistry.Admission.RUNNING
                            ? " is already running"
                            : " has finished and the registry still retains it (orchestrator.history.max-size and"
                                    + " ttl)")
                    + "; job ids must be unique");
        }
        if (!jobBuses.contains(bus)) {
            jobBuses.add(bus);
        }
        try {
            run.submitFirst();
        } catch (RuntimeException ex) {
            abandon(run);
            if (run.isRemote() || !(ex instanceof RejectedExecutionException)) {
                throw ex; // the transport's own words: what could not be written, or that it is closed
            }
            throw new RejectedExecutionException(
                    "The execution executor refused job " + job.logName() + ": "
                            + describeLoad(executor.executionExecutor(this))
                            + "; raise its queue capacity (OrchestratorConfig executionQueueCapacity,"
                            + " orchestrator.execution.queue-capacity with the Spring Boot starter) or its pool size",
                    ex);
        }
        return run;
    }

    /**
     * Dispatches a job whose events go to the default bus, and returns a handle on it.
     *
     * @param job the job, not {@code null}
     * @return a handle: status, progress, attempt, and the result once the job ends
     * @see #submit(BaseJob, SignalBus, Class)
     */
    public JobHandle<Object> submit(BaseJob job) {
        return submit(job, defaultBus, Object.class);
    }

    /**
     * Dispatches a job whose events go to the default bus, and returns a handle typed by the result
     * its executor declares.
     *
     * @param job the job, not {@code null}
     * @param resultType the type the handle's result is read as, not {@code null}
     * @param <R> the result type
     * @return a handle on the job
     * @see #submit(BaseJob, SignalBus, Class)
     */
    public <R> JobHandle<R> submit(BaseJob job, Class<R> resultType) {
        return submit(job, defaultBus, resultType);
    }

    /**
     * Dispatches a job and returns a handle typed by the result its executor declares
     * ({@link BaseExecutor#resultType()}). Returns at once, like {@link #dispatch(BaseJob, SignalBus)},
     * with the same checks and exceptions, plus one: the executor's result type must fit
     * {@code resultType}.
     *
     * @param job the job, not {@code null}
     * @param bus where the job's events go, not {@code null}
     * @param resultType the type the handle's result is read as, not {@code null}
     * @param <R> the result type
     * @return a handle on the job
     * @throws IllegalArgumentException when the executor declares a result type that is not a
     *     {@code resultType} (nothing is dispatched)
     * @throws ExecutorNotFoundException when no executor is registered for the job's class
     * @throws IllegalStateException when the bus is closed or the job's id is running or retained
     * @throws RejectedExecutionException when the dispatcher is shut down or full
     */
    public <R> JobHandle<R> submit(BaseJob job, SignalBus bus, Class<R> resultType) {
        Objects.requireNonNull(job, "job must not be null");
        Objects.requireNonNull(resultType, "resultType must not be null");
        BaseExecutor<?> executor = executors.get(job.getClass());
        if (executor != null && !resultType.isAssignableFrom(executor.boundResultType())) {
            throw new IllegalArgumentException(executor.name() + " declares results of type "
                    + executor.boundResultType().getName() + " (its resultType()); a JobHandle<"
                    + resultType.getSimpleName() + "> cannot hold them; job " + job.logName() + " was not dispatched");
        }
        return RunHandle.of(start(job, bus, null, 1));
    }

    /**
     * Looks a job up by id: a live handle while this dispatcher runs it, or a handle on its record
     * while the registry retains it after it ended (without its result value, which is not kept).
     *
     * @param jobId a job id, not {@code null}
     * @return the handle, or empty for an id this dispatcher does not run and its registry does not
     *     retain (any more)
     */
    public Optional<JobHandle<Object>> job(String jobId) {
        Objects.requireNonNull(jobId, "jobId must not be null");
        JobRun<?> run = ownRun(jobId);
        if (run != null) {
            return Optional.of(RunHandle.of(run));
        }
        return registry.finished(jobId).map(RunHandle::of);
    }

    /**
     * Runs a job that a cluster transport took from the cluster, here, with the timeout and retry
     * policy its ticket carries (not this dispatcher's defaults), its events on {@code bus}. For
     * {@link JobTransport} implementations: application code dispatches with {@link #dispatch}. The
     * job's {@link JobContext#deliveryCount()} is {@code deliveryCount}; the events it emits get the
     * ticket's chain depth. Checks and exceptions as {@link #dispatch(BaseJob, SignalBus)}, with the
     * job's executor registered here.
     *
     * @param ticket the job as dispatched, not {@code null}
     * @param deliveryCount how many times the cluster has delivered the job, at least 1
     * @param bus where the job's events go here, not {@code null}
     * @return a handle on the run here
     * @throws IllegalArgumentException when {@code deliveryCount} is less than 1
     */
    public JobHandle<Object> execute(JobTicket ticket, int deliveryCount, SignalBus bus) {
        Objects.requireNonNull(ticket, "ticket must not be null");
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("deliveryCount must be >= 1, was " + deliveryCount);
        }
        return RunHandle.of(start(ticket.job(), bus, ticket, deliveryCount));
    }

    /**
     * Creates the dispatcher that runs, on this instance, the jobs a cluster transport takes from the
     * cluster: for {@link JobTransport} implementations. It runs this dispatcher's executors (those
     * registered later too) with this dispatcher's configuration, interceptors and pool (and its
     * scheduler and handle executor when this dispatcher was given them), and has a registry of its own: a job dispatched here and taken here is two runs, one here waiting for
     * the job's events and one there running it. Its jobs' events go to {@code bus}. Shut it down
     * before this dispatcher.
     *
     * @param bus where the events of the jobs it runs go, not {@code null}
     * @return a new dispatcher, without a transport
     * @throws IllegalStateException when this dispatcher is itself a cluster worker
     */
    public Dispatcher clusterWorker(SignalBus bus) {
        Objects.requireNonNull(bus, "bus must not be null");
        if (parent != null) {
            throw new IllegalStateException("A cluster worker cannot create another one");
        }
        Builder builder = builder().config(config).defaultBus(bus).executor(executionExecutor);
        if (!ownsScheduler) {
            builder.scheduler(scheduler);
        }
        if (handleExecutor != null) {
            builder.handleExecutor(handleExecutor);
        }
        builder.parent = this;
        builder.interceptor = interceptor;
        Dispatcher worker = new Dispatcher(builder);
        workers.add(worker);
        return worker;
    }

    /**
     * {@return this instance's id in the cluster (its transport's), or {@code "local"} without one}
     */
    public String instanceId() {
        return transport != null ? transport.instanceId() : "local";
    }

    /** {@return whether this dispatcher hands its jobs to a cluster transport} */
    public boolean isClustered() {
        return transport != null;
    }

    /** What the transport calls with the events of jobs dispatched here: see {@link ClusterHome}. */
    private ClusterHome.Delivery deliverHome(dev.orchestrator.event.JobEvent event, int attempt, String instance) {
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(instance, "instance must not be null");
        JobRun<?> run = ownRun(event.correlationId());
        if (run != null && run.isRemote()) {
            return run.applyRemote(event, attempt, instance);
        }
        return registry.finished(event.correlationId()).isPresent()
                ? ClusterHome.Delivery.DUPLICATE
                : ClusterHome.Delivery.UNKNOWN;
    }

    @SuppressWarnings("unchecked")
    private <J extends BaseJob> JobRun<J> newRun(
            BaseJob job,
            BaseExecutor<J> executor,
            SignalBus bus,
            JobInterceptor.Interception interception,
            @Nullable JobTransport transport,
            @Nullable JobTicket ticket,
            int deliveryCount) {
        if (ticket != null) {
            return new JobRun<>(
                    (J) job,
                    executor,
                    bus,
                    this,
                    ticket.timeout(),
                    ticket.retryPolicy(),
                    job.cancellationToken().orElse(null),
                    interception,
                    null,
                    ticket,
                    deliveryCount);
        }
        JobDefaults defaults = config.jobDefaultsFor(job.getClass());
        Duration timeout = job.timeout().orElse(null);
        if (timeout == null) {
            timeout = defaults.timeout().orElse(null);
        }
        RetryPolicy policy = job.retryPolicy().orElse(null);
        if (policy == null) {
            policy = defaults.retryPolicy().orElse(RetryPolicy.none());
        }
        // read here with the other options: read in the run's constructor, its Optional was left allocated
        // (JFR allocation samples), one object per job
        CancellationToken token = job.cancellationToken().orElse(null);
        if (transport != null) {
            return new JobRun<>((J) job, executor, bus, this, timeout, policy, token, interception, transport, null, 1);
        }
        return new JobRun<>((J) job, executor, bus, this, timeout, policy, token, interception);
    }

    /**
     * Cancels one running job. Its cancellation token, which other jobs may share, is left alone.
     *
     * <p>In cluster mode the cancel goes to the cluster, for a job dispatched here or anywhere else:
     * the instance running the job cancels it, and a job not taken yet is cancelled without running;
     * its {@code JobCancelledEvent} reaches the instance that dispatched it. The call returns at once,
     * before the job has ended.
     *
     * @param jobId the job's id, not {@code null}
     * @return {@code true} when a running job was found and is now cancelled; in cluster mode,
     *     {@code true} when the cancel was handed to the cluster (unless the job is known to have ended
     *     here)
     */
    public boolean cancel(String jobId) {
        Objects.requireNonNull(jobId, "jobId must not be null");
        JobRun<?> run = ownRun(jobId);
        if (run != null) {
            return run.cancel();
        }
        if (transport != null && registry.finished(jobId).isEmpty()) {
            transport.cancel(jobId);
            return true;
        }
        return false;
    }

    /**
     * {@return whether a job with that id is running (dispatched and not yet ended)}
     *
     * @param jobId a job id, not {@code null}
     */
    public boolean isRunning(String jobId) {
        Objects.requireNonNull(jobId, "jobId must not be null");
        return ownRun(jobId) != null;
    }

    /**
     * {@return the run of that very job instance, here or in one of this dispatcher's cluster
     * workers, or {@code null}} How an executor finds its job's run from a thread it handed work to.
     */
    @Nullable
    JobRun<?> runOf(BaseJob job) {
        JobRun<?> run = registry.runningRun(job.id());
        if (run != null && run.job() == job) {
            return run;
        }
        for (Dispatcher worker : workers) {
            run = worker.registry.runningRun(job.id());
            if (run != null && run.job() == job) {
                return run;
            }
        }
        return null;
    }

    /** {@return this dispatcher's running job with that id, or {@code null}} */
    private @Nullable JobRun<?> ownRun(String jobId) {
        JobRun<?> run = registry.runningRun(jobId);
        return run != null && run.dispatcher() == this ? run : null;
    }

    /**
     * Stops accepting jobs, lets active jobs finish for up to {@code gracePeriod}, then cancels the
     * rest (each still emits its {@code JobCancelledEvent}) and stops the dispatcher's own threads
     * (a scheduler or executor it was given is left running: its owner stops it).
     * A registry the dispatcher created itself stops tracking buses. Idempotent.
     *
     * <p>During the grace period the dispatcher still accepts jobs dispatched while an event is being
     * handled (an orchestrator reacting to a job that ended, or to any event; detected by the
     * {@linkplain EventChain chain depth} of the dispatching thread): they run within what is left of
     * the grace period and are cancelled with the rest when it ends. Dispatches from anywhere else
     * (a request thread, a scheduler) are refused at once, and every dispatch after the grace period.
     * The grace period ends early once no job is active and the buses this dispatcher's jobs reported
     * to are idle.
     *
     * <p>In cluster mode the jobs dispatched here run in the cluster: shutdown neither waits for nor
     * cancels them (they end on the instance running them; their handles here fail with an
     * {@link IllegalStateException}), and the return value is about the jobs running here only.
     *
     * <p>Logs one INFO line for what it waits for (when jobs are active) and one WARN line for what it
     * cancels when the grace period ends (job types and counts).
     *
     * @param gracePeriod how long running jobs may take to finish, not negative
     * @return {@code true} when every job finished within the grace period
     * @throws IllegalArgumentException when {@code gracePeriod} is negative
     */
    public boolean shutdown(Duration gracePeriod) {
        Objects.requireNonNull(gracePeriod, "gracePeriod must not be null");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must be >= 0, was " + gracePeriod);
        }
        boolean first = !shutdown;
        shutdown = true;
        long deadline = System.nanoTime() + gracePeriod.toNanos();
        int active = localActive();
        if (first && active > 0) {
            log(
                    LogLevel.INFO,
                    "Dispatcher shutting down: waiting up to " + gracePeriod + " for " + active
                            + " active jobs (queued, running or waiting to retry) to finish");
        }
        // Even with no job active, an ending may still be on its way to a handler that answers it.
        boolean finishedInTime = awaitQuiet(deadline);
        stopping = true; // from now on no attempt starts: a job still waiting for a worker ends as cancelled
        List<JobRun<?>> left = new ArrayList<>();
        for (JobRun<?> run : registry.runningRuns(this)) {
            if (run.isRemote()) {
                detach(run); // it runs (or waits) in the cluster and ends there; nothing here waits for it
            } else {
                left.add(run);
            }
        }
        if (!left.isEmpty()) {
            log(
                    LogLevel.WARNING,
                    "Dispatcher shutdown: the grace period of " + gracePeriod + " is over; cancelling " + left.size()
                            + " jobs still active: " + countByType(left));
        }
        for (JobRun<?> run : left) {
            run.cancel();
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
        if (ownedPool != null) {
            ownedPool.shutdownNow();
        }
        ExecutorService handles = handlePool;
        if (handles != null) {
            handles.shutdown(); // completions already handed over still run
        }
        // A dispatch that passed the shutdown check just before it was set may have registered its
        // job after the sweep above; its queued attempt is gone with the pool, so end it here.
        for (JobRun<?> run : registry.runningRuns(this)) {
            if (run.isRemote()) {
                detach(run);
            } else {
                run.cancel();
            }
        }
        if (first) {
            // a registry this dispatcher created stops tracking buses once no dispatcher sharing it runs
            registry.detach(ownsRegistry);
        }
        return finishedInTime;
    }

    /**
     * Waits until this dispatcher has no active job and the handlers have heard the last endings
     * (the buses its jobs reported to are idle; other buses are not waited for): a handler may answer
     * an ending with a follow-up job, which then runs within the grace period too. {@code false} at
     * the deadline.
     */
    private boolean awaitQuiet(long deadline) {
        while (awaitNoRuns(deadline)) {
            try {
                for (SignalBus bus : List.copyOf(jobBuses)) {
                    if (bus.isClosed()) {
                        jobBuses.remove(bus);
                        continue;
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0 || !bus.awaitIdle(Duration.ofNanos(remaining))) {
                        return localActive() == 0;
                    }
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return localActive() == 0;
            }
            if (localActive() == 0) {
                return true; // no handler dispatched a follow-up meanwhile
            }
        }
        return false;
    }

    private int localActive() {
        return running.get() - remote.get();
    }

    private boolean awaitNoRuns(long deadline) {
        synchronized (shutdownMonitor) {
            while (localActive() > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(shutdownMonitor, remaining);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Same as {@link #shutdown(Duration) shutdown(Duration.ZERO)}: running jobs are cancelled. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    /** {@return whether {@link #shutdown} was called} */
    public boolean isShutdown() {
        return shutdown;
    }

    /** {@return the registry of running and finished jobs} */
    public JobRegistry registry() {
        return registry;
    }

    /** {@return the configuration} */
    public OrchestratorConfig config() {
        return config;
    }

    /** {@return the bus used by {@link #dispatch(BaseJob)}} */
    public SignalBus defaultBus() {
        return defaultBus;
    }

    /** {@return where executors without their own executor run jobs} */
    public Executor executionExecutor() {
        return executionExecutor;
    }

    /**
     * Why an executor refused, in words and without object identities: for a pool, how many live jobs
     * wait and how many workers it has (jobs that ended while waiting leave its queue at once).
     */
    private static String describeLoad(Executor refusing) {
        if (refusing instanceof ThreadPoolExecutor pool) {
            return pool.getQueue().size() + " jobs wait for one of its " + pool.getMaximumPoolSize()
                    + " workers and its queue takes no more";
        }
        return "it refused the job (" + refusing.getClass().getSimpleName() + ")";
    }

    OrchestratorLogger logger() {
        return config.logger();
    }

    /** {@return whether the grace period of {@link #shutdown} is over: attempts must not start any more} */
    boolean isStopping() {
        return stopping;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * {@return when a lifecycle event that was just created here happened, in the configuration's
     * clock}: with the system clock the event's own timestamp (what {@code Instant.now()}, the event's
     * clock, read), which spares the run an {@code Instant} of its own per start and ending
     *
     * @param event an event created a moment ago on this thread
     */
    Instant timeOf(JobEvent event) {
        return timeoutClock == null ? event.timestamp() : registry.now();
    }

    /**
     * {@return the timer that keeps the configuration clock's time, for the circuit breakers' hints
     * that a window's end is near}: the timer with the system clock; {@code null} with any other clock
     * (a test's virtual clock), which the timer need not follow, so the breakers read it for each event
     */
    @Nullable
    ScheduledExecutorService windowTimer() {
        return timeoutClock == null ? scheduler : null;
    }

    /**
     * {@return the time that job timeouts are measured in, in nanoseconds}: {@link System#nanoTime()}
     * with the system clock, otherwise read from the configured clock (a test's virtual clock).
     */
    long nanoTime() {
        Clock clock = timeoutClock;
        if (clock == null) {
            return System.nanoTime();
        }
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano(); // overflows only ~292 years from 1970
    }

    /**
     * Completes a job handle's future off the worker, timer and canceller threads (and outside the
     * run's lock), on the handle executor it was given, or else on threads of this dispatcher's own
     * ({@code orchestrator-handle-N}, created on demand, gone after a minute idle); on the calling
     * thread once that executor refuses (it is shut down).
     */
    void completeHandle(Runnable completion) {
        Executor given = handleExecutor;
        if (given != null) {
            try {
                given.execute(completion);
            } catch (RejectedExecutionException ex) {
                completion.run(); // shut down: complete here rather than never
            }
            return;
        }
        ExecutorService pool = handlePool;
        if (pool == null) {
            synchronized (shutdownMonitor) {
                pool = handlePool;
                if (pool == null) {
                    ThreadPoolExecutor created = new ThreadPoolExecutor(
                            0,
                            Integer.MAX_VALUE,
                            60,
                            TimeUnit.SECONDS,
                            new java.util.concurrent.SynchronousQueue<>(),
                            daemonThreads("orchestrator-handle-"));
                    handlePool = created;
                    pool = created;
                }
            }
        }
        try {
            pool.execute(completion);
        } catch (RejectedExecutionException ex) {
            completion.run(); // shut down: complete here rather than never
        }
    }

    /**
     * Arms the timeout of a job that just started, within {@link #TIMEOUT_ARMING_DELAY_NANOS}: the
     * timeout still fires {@code timeout} after the start, but a job that ends before it is armed
     * (most jobs, whose timeout is a safety net) costs the timer nothing. Scheduling one timer task
     * per job would wake the timer thread for each job (the new task is the earliest in its queue
     * whenever the previous job's was cancelled), and allocate a task that is cancelled at once.
     * Here jobs are pushed on a lock-free stack (through a field of the run, so nothing is allocated)
     * and one timer task per period arms those still running.
     */
    void deferTimeout(JobRun<?> run) {
        JobRun<?> head;
        do {
            head = unarmedTimeouts.get();
            run.nextUnarmed = head;
        } while (!unarmedTimeouts.compareAndSet(head, run));
        // armTimeouts clears the flag before it takes the stack: a job pushed after that is either
        // taken by it or finds the flag clear and schedules the next round itself.
        if (!armingScheduled.get() && armingScheduled.compareAndSet(false, true)) {
            try {
                // never cancelled, and armTimeouts catches what it throws: nothing to read from the future
                ScheduledFuture<?> unused =
                        scheduler.schedule(this::armTimeouts, TIMEOUT_ARMING_DELAY_NANOS, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException ex) {
                armingScheduled.set(false); // shutting down: shutdown ends every running job itself
            }
        }
    }

    private void armTimeouts() {
        armingScheduled.set(false);
        JobRun<?> run = unarmedTimeouts.getAndSet(null);
        while (run != null) {
            JobRun<?> next = run.nextUnarmed;
            run.nextUnarmed = null;
            run.armTimeout();
            run = next;
        }
    }

    /** Records a job that ended; {@link #released} follows once its terminal event is emitted. */
    void finished(JobRun<?> run, FinishedJob job) {
        registry.finished(run, job);
    }

    /**
     * Stops counting a job that ended, after its terminal event was emitted: so a shutdown that sees
     * no active job finds every ending already on its bus, where {@link #awaitQuiet} waits for it.
     */
    void released(JobRun<?> run) {
        uncount(run);
    }

    /**
     * Takes back a run that was registered but never handed to a worker, unless something (a cancel
     * by id, a shutdown) ended it in the meantime: then it was already recorded and uncounted.
     */
    private void abandon(JobRun<?> run) {
        if (run.abandon()) {
            registry.remove(run);
            uncount(run);
        }
    }

    /**
     * Lets go of a job handed to the cluster when this dispatcher shuts down: it goes on running (or
     * waiting) elsewhere and ends there, so no event is emitted here; its handles fail with an
     * {@link IllegalStateException} that says so.
     */
    private void detach(JobRun<?> run) {
        if (run.detach()) {
            registry.remove(run);
            uncount(run);
        }
    }

    private void uncount(JobRun<?> run) {
        if (run.isRemote()) {
            remote.decrementAndGet();
        }
        running.decrementAndGet();
        if (shutdown) {
            synchronized (shutdownMonitor) {
                shutdownMonitor.notifyAll();
            }
        }
    }

    /** For example {@code UploadJob ×3, ExportJob ×1}: types and counts, never ids or data. */
    private static String countByType(List<JobRun<?>> runs) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (JobRun<?> run : runs) {
            counts.merge(run.job().getClass().getSimpleName(), 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .map(entry -> entry.getKey() + " ×" + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private void log(LogLevel level, String message) {
        QuietLog.log(logger(), level, message, null);
    }

    private String registeredTypes() {
        if (executors.isEmpty()) {
            return "none";
        }
        return executors.keySet().stream().map(Class::getName).sorted().collect(Collectors.joining(", "));
    }

    /**
     * Reads {@code J} of {@code BaseExecutor<J>} from an executor class, following type variables
     * through intermediate generic classes.
     *
     * @param executorClass the executor's class
     * @return the job class, or {@code null} when the declaration does not fix it
     */
    static @Nullable Class<? extends BaseJob> resolveJobType(Class<?> executorClass) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (Class<?> type = executorClass; type != null && type != BaseExecutor.class; type = type.getSuperclass()) {
            Type superType = type.getGenericSuperclass();
            if (superType instanceof ParameterizedType parameterized) {
                TypeVariable<?>[] variables = ((Class<?>) parameterized.getRawType()).getTypeParameters();
                Type[] arguments = parameterized.getActualTypeArguments();
                for (int i = 0; i < variables.length; i++) {
                    Type argument = arguments[i];
                    bindings.put(variables[i], bindings.getOrDefault(argument, argument));
                }
            }
        }
        Type jobType = bindings.get(BaseExecutor.class.getTypeParameters()[0]);
        if (jobType instanceof ParameterizedType) {
            jobType = ((ParameterizedType) jobType).getRawType();
        }
        if (jobType instanceof Class && BaseJob.class.isAssignableFrom((Class<?>) jobType)) {
            return ((Class<?>) jobType).asSubclass(BaseJob.class);
        }
        return null;
    }

    private static ExecutorService newPool(int threads, int queueCapacity) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueCapacity),
                daemonThreads("orchestrator-worker-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String toString() {
        return "Dispatcher[executors=" + executors.size() + ", running=" + running.get()
                + (shutdown ? ", shut down" : "") + "]";
    }

    /** Builds a {@link Dispatcher}. Not thread-safe. */
    public static final class Builder {

        private OrchestratorConfig config = OrchestratorConfig.ofDefaults();
        private @Nullable JobRegistry registry;
        private @Nullable SignalBus defaultBus;
        private @Nullable Executor executor;
        private @Nullable ScheduledExecutorService scheduler;
        private @Nullable Executor handleExecutor;
        private final List<JobInterceptor> interceptors = new ArrayList<>();
        private @Nullable JobTransport transport;
        private @Nullable Dispatcher parent;
        private @Nullable JobInterceptor interceptor;

        private Builder() {}

        /**
         * Adds an interceptor that carries context from the dispatching thread into each attempt.
         * Interceptors apply in the order added, the first one outermost.
         *
         * @param interceptor the interceptor, not {@code null}
         * @return this builder
         */
        public Builder interceptor(JobInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor must not be null"));
            return this;
        }

        /**
         * Sets the configuration.
         *
         * @param config the configuration; the defaults when not set
         * @return this builder
         */
        public Builder config(OrchestratorConfig config) {
            this.config = Objects.requireNonNull(config, "config must not be null");
            return this;
        }

        /**
         * Sets the job registry, to share one between dispatchers.
         *
         * @param registry the registry to report to; a new one from the configuration when not set
         * @return this builder
         */
        public Builder registry(JobRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
            return this;
        }

        /**
         * Sets the bus that jobs dispatched without one report to.
         *
         * @param bus the bus for jobs dispatched without one; {@link SignalBus#instance()} when not set
         * @return this builder
         */
        public Builder defaultBus(SignalBus bus) {
            this.defaultBus = Objects.requireNonNull(bus, "defaultBus must not be null");
            return this;
        }

        /**
         * Turns cluster mode on: jobs dispatched through this dispatcher are handed to
         * {@code transport}, run on whichever instance takes them, and their events come back here.
         * Not set: jobs run in this JVM (the default).
         *
         * @param transport the cluster transport, not {@code null}; the dispatcher calls its
         *     {@link JobTransport#open} once, when built
         * @return this builder
         */
        public Builder transport(JobTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport must not be null");
            return this;
        }

        /**
         * Sets the executor that runs jobs instead of the dispatcher's own pool.
         *
         * @param executor where jobs run (for example Spring's task executor, or a virtual-thread
         *     executor); the dispatcher's own bounded pool when not set. The dispatcher does not shut
         *     down an executor it was given.
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor must not be null");
            return this;
        }

        /**
         * Sets the timer that fires job timeouts and ends retry backoff waits, instead of the
         * dispatcher's own timer thread: a pool whose metrics the application publishes, or a test's
         * virtual-time scheduler (with the matching {@linkplain OrchestratorConfig.Builder#clock
         * clock}, which then also measures timeouts) so that a 30 s timeout or a 4 s backoff takes no
         * wall time.
         *
         * <p>The dispatcher schedules short tasks that never block, and cancels those it no longer
         * needs (a scheduler that removes cancelled tasks, such as a {@link ScheduledThreadPoolExecutor}
         * with {@code setRemoveOnCancelPolicy(true)}, keeps its queue small). It does not shut down a
         * scheduler it was given: the scheduler must run tasks until {@link Dispatcher#shutdown}
         * returns, or timeouts and retries that fall in the grace period do not happen; after the
         * shutdown, the tasks it left there do nothing when they run.
         *
         * @param scheduler the scheduler, not {@code null}; the dispatcher's own one-thread timer when
         *     not set
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /**
         * Sets where the futures of {@link JobHandle}s are completed (their dependent stages run
         * there), instead of the threads the dispatcher creates on demand. It must not run tasks on the
         * calling thread (that may be a worker or the timer). The dispatcher does not shut it down;
         * once it refuses a task, completions run on the thread that ended the job.
         *
         * @param handleExecutor the executor, not {@code null}; the dispatcher's own on-demand threads
         *     when not set
         * @return this builder
         */
        public Builder handleExecutor(Executor handleExecutor) {
            this.handleExecutor = Objects.requireNonNull(handleExecutor, "handleExecutor must not be null");
            return this;
        }

        /** {@return a new dispatcher} */
        public Dispatcher build() {
            return new Dispatcher(this);
        }
    }
}
