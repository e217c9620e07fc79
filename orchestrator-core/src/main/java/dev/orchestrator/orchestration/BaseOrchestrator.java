package dev.orchestrator.orchestration;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.bus.Subscription;
import dev.orchestrator.config.OrchestratorConfig;
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
import dev.orchestrator.logging.OrchestratorLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A stateful coordinator for one feature or module: it turns intents into jobs, dispatches them
 * (fire and forget) and reacts to the events on its bus by updating its state.
 *
 * <p><b>Routing.</b> Events whose correlation id is one of the jobs this orchestrator dispatched
 * are <em>active</em>: they go to {@link #onJobStarted}, {@link #onProgress}, {@link #onJobRetrying},
 * {@link #onActiveTimeout}, {@link #onActiveSuccess}, {@link #onActiveFailure},
 * {@link #onActiveCancelled}, or {@link #onActiveEvent} for domain events. Every other event is
 * <em>passive</em> and goes to {@link #onPassiveEvent}: that is how modules observe each other
 * without coupling. A job stops being tracked when its terminal event is handled (before the hook
 * runs, so {@link #isJobRunning} is already {@code false} there).
 *
 * <p><b>Threading.</b> Handlers run on the bus's delivery threads, one at a time and in emission
 * order: handlers of one orchestrator never run concurrently with each other, so a subclass needs no
 * locking for fields touched only in handlers. The state is different: it is also changed from
 * request threads, so change it with {@link #updateState} (atomic read-modify-write) or
 * {@link #emit}; both are safe from any thread, and state listeners run on the thread that made the
 * change, seeing every state in order. The query methods ({@link #isJobRunning}, {@link #getState},
 * ...) and {@link #dispatch} are thread-safe; {@code dispatch} returns at once and the job runs on a
 * worker thread.
 *
 * <p><b>Lifecycle.</b> An orchestrator handles events from {@link #start()} on, never from its
 * constructor, so no event reaches an object whose subclass constructor has not finished. The Spring
 * Boot starter starts orchestrator beans itself; in plain Java call {@code start()} once the object
 * is built. {@link #close()} ends it.
 *
 * <p><b>Safety.</b> A handler that throws is isolated: the error is logged and counted (in the
 * {@linkplain dev.orchestrator.orchestration.JobRegistry registry}) and never reaches the executor, the bus or
 * other subscribers. A circuit breaker stops feedback loops, not load: it lets at most
 * {@link OrchestratorConfig#limitFor(Class)} events of one type per second through to the handlers
 * and drops the rest of that second for that type, with one error line and one recorded trip per
 * type and window. It counts what can loop: application events, and the lifecycle events of other
 * orchestrators' jobs dispatched deep in a chain of reactions (their
 * {@linkplain BaseEvent#chainDepth() chain depth} is 2 or more). It never counts, and never drops,
 * the lifecycle events of this orchestrator's own jobs (one start and one ending per dispatch), nor
 * those of jobs dispatched outside any handler (a request thread, a scheduler) or by a handler
 * answering such an outside event: however many jobs a second the application runs, that is load.
 * Application events are also counted on the emitting thread: beyond twice the limit (plus one)
 * per second, a type is not even queued for this orchestrator, so that a flood of one type cannot
 * fill the bus's bounded queue for it and crowd out events of other types.
 *
 * @param <S> the state type; use an immutable type
 */
public abstract class BaseOrchestrator<S> implements AutoCloseable {

    private final Dispatcher dispatcher;
    private final SignalBus bus;
    private final OrchestratorLogger logger;
    private final CircuitBreaker circuitBreaker;
    /** The running jobs' classes by id: no object of its own per job. */
    private final Map<String, Class<? extends BaseJob>> activeJobs = new ConcurrentHashMap<>();
    /** The last progress handled, of the running jobs that reported any. */
    private final Map<String, Progress> progressOf = new ConcurrentHashMap<>();

    private final CopyOnWriteArrayList<Consumer<? super S>> stateListeners = new CopyOnWriteArrayList<>();
    /** The subscription to this orchestrator's bus, from {@link #start()} on. */
    private volatile @Nullable Subscription subscription;
    /** What {@link #listenTo} asked for: subscribed by {@link #start()}, ended by {@link #close()}. */
    private final CopyOnWriteArrayList<Listening> listenings = new CopyOnWriteArrayList<>();
    /** Guards {@link #start()} and {@link #close()} against each other and {@link #listenTo}. */
    private final Object lifecycle = new Object();

    /**
     * Held while a handler runs: events from this orchestrator's bus and from the buses it
     * {@linkplain #listenTo listens to} arrive on different delivery threads, and handlers must never
     * run concurrently.
     */
    private final Object handling = new Object();

    private volatile S state;
    /** Serializes state changes, so that each is based on the one before and listeners see them in order. */
    private final Object stateLock = new Object();

    private volatile boolean closed;

    /**
     * Creates an orchestrator on the dispatcher's default bus.
     *
     * @param initialState the first state, not {@code null}
     * @param dispatcher runs the jobs, not {@code null}
     */
    protected BaseOrchestrator(S initialState, Dispatcher dispatcher) {
        this(
                initialState,
                dispatcher,
                Objects.requireNonNull(dispatcher, "dispatcher must not be null")
                        .defaultBus());
    }

    /**
     * Creates an orchestrator that listens and dispatches on the given bus: its jobs'
     * events go to that bus only.
     *
     * @param initialState the first state, not {@code null}
     * @param dispatcher runs the jobs, not {@code null}
     * @param bus the bus to listen and dispatch on, not {@code null}
     */
    protected BaseOrchestrator(S initialState, Dispatcher dispatcher, SignalBus bus) {
        this.state = Objects.requireNonNull(initialState, "initialState must not be null");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
        this.bus = Objects.requireNonNull(bus, "bus must not be null");
        OrchestratorConfig config = dispatcher.config();
        this.logger = config.logger();
        this.circuitBreaker = new CircuitBreaker(this::name, config, dispatcher.registry(), dispatcher.windowTimer());
        dispatcher.registry().track(bus);
        // Nothing subscribes here: handing this object to the bus from its constructor would let
        // events reach a subclass whose constructor has not finished. start() subscribes.
    }

    /**
     * Starts handling events: subscribes to this orchestrator's bus (and to the buses it
     * {@linkplain #listenTo listens to}). Call it once the object is fully built: the Spring Boot
     * starter calls it for every orchestrator bean after the bean is initialized; in plain Java call
     * it after construction ({@code new CartOrchestrator(...).start()}) or as the last statement of
     * the constructor of a class that is not subclassed further. Events emitted before it are not
     * delivered to this orchestrator. Idempotent and thread-safe.
     *
     * @return this orchestrator
     * @throws IllegalStateException when the orchestrator is closed
     */
    public final BaseOrchestrator<S> start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException(name() + " is closed; it cannot start");
            }
            if (subscription != null) {
                return this;
            }
            // A type far over its limit is refused on the emitting thread, so that a flood of it cannot fill
            // this orchestrator's queue and crowd out other types. Job events always pass: their bookkeeping
            // (tracking, progress) is never dropped. The name is read when first needed.
            Subscription own = bus.subscribe(
                    this::name,
                    BaseEvent.class,
                    event -> event instanceof JobEvent || circuitBreaker.admit(event.getClass()),
                    event -> handle(event, false));
            try {
                for (Listening listening : listenings) {
                    listening.subscribe();
                }
            } catch (RuntimeException ex) {
                // all or nothing: a bus that refuses (closed) leaves no subscription behind, and a later
                // start() does not subscribe twice
                own.unsubscribe();
                for (Listening listening : listenings) {
                    listening.reset();
                }
                throw ex;
            }
            subscription = own; // from now on started
            return this;
        }
    }

    /** {@return whether {@link #start()} was called} */
    public boolean isStarted() {
        return subscription != null;
    }

    // ---- state -------------------------------------------------------------------------------

    /** {@return the current state, never {@code null}} */
    public S getState() {
        return state;
    }

    /**
     * Replaces the state and tells every state listener, on the calling thread, in registration
     * order. A listener that throws is logged and does not stop the others. Safe from any thread:
     * state changes are serialized with {@link #updateState}, and listeners see every state in the
     * order the changes happened. To change the state based on the current one, use
     * {@link #updateState} instead: reading {@link #getState()} and then calling this method races
     * with changes made meanwhile on other threads (a request thread and the handlers, say).
     *
     * @param newState the new state, not {@code null}
     */
    protected void emit(S newState) {
        Objects.requireNonNull(newState, "newState must not be null");
        synchronized (stateLock) {
            apply(newState);
        }
    }

    /**
     * Changes the state atomically: {@code update} gets the current state and returns the next one,
     * and no other change happens in between, whichever threads change the state (handlers, request
     * threads, schedulers). State listeners then see the new state, before any later change; they run
     * on the calling thread while the state lock is held, like {@code update} itself, so both must be
     * quick and must not wait for other threads. A listener that itself changes the state is told of
     * that nested change before the listeners after it hear of the outer one: keep listeners to
     * reading and publishing.
     *
     * <pre>{@code
     * public void addItem(String item) {                  // called from a request thread
     *     updateState(cart -> cart.withItem(item));
     * }
     * }</pre>
     *
     * @param update computes the next state from the current one; it must not return {@code null}
     * @return the new state
     * @throws NullPointerException when {@code update} returns {@code null}; the state is unchanged
     */
    protected S updateState(UnaryOperator<S> update) {
        Objects.requireNonNull(update, "update must not be null");
        synchronized (stateLock) {
            S next = Objects.requireNonNull(update.apply(state), "updateState's function returned null");
            apply(next);
            return next;
        }
    }

    // called under stateLock
    private void apply(S newState) {
        state = newState;
        for (Consumer<? super S> listener : stateListeners) {
            try {
                listener.accept(newState);
            } catch (RuntimeException ex) {
                logError("State listener of " + name() + " failed", ex);
            }
        }
    }

    /**
     * Adds a listener that receives every later state.
     *
     * @param listener the listener, not {@code null}
     * @return a handle that removes it
     */
    public Subscription addStateListener(Consumer<? super S> listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        stateListeners.add(listener);
        return () -> stateListeners.remove(listener);
    }

    // ---- jobs --------------------------------------------------------------------------------

    /**
     * Dispatches a job on this orchestrator's bus and tracks it: its events become active events.
     * Returns at once.
     *
     * @param job the job, not {@code null}
     * @return the job's id
     * @throws IllegalStateException when the orchestrator is closed or the job was already dispatched
     * @throws dev.orchestrator.orchestration.ExecutorNotFoundException when no executor handles the job's type
     * @throws java.util.concurrent.RejectedExecutionException when the dispatcher refuses the job
     */
    public String dispatch(BaseJob job) {
        Objects.requireNonNull(job, "job must not be null");
        if (closed) {
            throw new IllegalStateException(name() + " is closed; job " + LogText.named(job.getClass(), "id", job.id())
                    + " was not dispatched");
        }
        if (subscription == null) {
            throw new IllegalStateException(name() + " has not been started, so it would never hear its job "
                    + LogText.named(job.getClass(), "id", job.id()) + " end; call start() once it is built (the"
                    + " Spring Boot starter starts orchestrator beans itself); the job was not dispatched");
        }
        Class<? extends BaseJob> tracked = job.getClass();
        if (activeJobs.putIfAbsent(job.id(), tracked) != null) {
            throw new IllegalStateException("Job id " + LogText.quote(job.id()) + " is already tracked by " + name());
        }
        if (closed) { // close() ran meanwhile and cleared the tracking: do not track this job for ever
            activeJobs.remove(job.id(), tracked);
            throw new IllegalStateException(name() + " is closed; job " + LogText.named(job.getClass(), "id", job.id())
                    + " was not dispatched");
        }
        try {
            return dispatcher.dispatch(job, bus);
        } catch (RuntimeException ex) {
            activeJobs.remove(job.id(), tracked);
            throw ex;
        }
    }

    /**
     * Cancels one of this orchestrator's running jobs.
     *
     * @param jobId the job's id
     * @return {@code true} when the job was running and is now cancelled; {@code false} for an
     *     unknown or {@code null} id
     */
    public boolean cancelJob(@Nullable String jobId) {
        return jobId != null && activeJobs.containsKey(jobId) && dispatcher.cancel(jobId);
    }

    /** {@return whether any job of this orchestrator has not yet had its terminal event handled} */
    public boolean hasActiveJobs() {
        return !activeJobs.isEmpty();
    }

    /**
     * {@return whether that job is one of this orchestrator's and has not ended}
     *
     * @param jobId a job id
     */
    public boolean isJobRunning(@Nullable String jobId) {
        return jobId != null && activeJobs.containsKey(jobId);
    }

    /**
     * Whether a job of this type (or a subtype) is running ("preventing UI race
     * conditions").
     *
     * @param jobType the job type, not {@code null}
     * @return {@code true} when one of this orchestrator's running jobs is of that type
     */
    public boolean isJobTypeRunning(Class<? extends BaseJob> jobType) {
        Objects.requireNonNull(jobType, "jobType must not be null");
        for (Class<? extends BaseJob> type : activeJobs.values()) {
            if (jobType.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@return the last reported progress of that running job (0 before any report), or empty when it is not one of
     * this orchestrator's running jobs}
     *
     * @param jobId a job id
     */
    public OptionalDouble getJobProgress(@Nullable String jobId) {
        if (jobId == null) {
            return OptionalDouble.empty();
        }
        // progress first: an ending removes the job from activeJobs before its progress, so a job
        // still active after this read had this progress (never a 0 for a job that had reported)
        Progress progress = progressOf.get(jobId);
        if (!activeJobs.containsKey(jobId)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(progress == null ? 0 : progress.value);
    }

    // ---- identity and lifecycle ----------------------------------------------------------------

    /** {@return the name used in logs, trips and metrics; the simple class name by default} */
    public String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }

    /** {@return the bus this orchestrator listens and dispatches on} */
    public SignalBus bus() {
        return bus;
    }

    /** {@return the dispatcher that runs this orchestrator's jobs} */
    protected Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Unsubscribes from the bus and stops tracking jobs. Running jobs go on (nothing is cancelled
     * because a listener went away); their events are no longer handled here, except that a handler
     * already running on the delivery thread when {@code close()} is called may still complete.
     * Idempotent.
     *
     * <p>Closing the orchestrator's bus without closing the orchestrator leaves the jobs that end
     * after it tracked, since their terminal events are no longer delivered: close both.
     */
    @Override
    public void close() {
        Subscription own;
        List<Listening> ended;
        synchronized (lifecycle) {
            closed = true;
            own = subscription;
            ended = List.copyOf(listenings);
        }
        if (own != null) {
            own.unsubscribe();
        }
        for (Listening listening : ended) {
            listening.unsubscribe();
        }
        activeJobs.clear();
        progressOf.clear();
        stateListeners.clear();
    }

    /**
     * Listens to chosen event types of another bus, typically the global one from an orchestrator on
     * a scoped bus: a module that must hear a public event such as a login. Those events go to
     * {@link #onPassiveEvent}, one at a time with everything else this orchestrator handles (never
     * concurrently with its other handlers), through the same circuit breaker; the subscription ends
     * when the orchestrator closes. Call it from the subclass constructor: it subscribes when the
     * orchestrator {@linkplain #start() starts} (at once when it already has), so no event is missed
     * in between.
     *
     * <pre>{@code
     * CartOrchestrator(Dispatcher dispatcher, SignalBus cartBus, SignalBus globalBus) {
     *     super(CartState.EMPTY, dispatcher, cartBus);
     *     listenTo(globalBus, UserLoggedInEvent.class);
     * }
     * }</pre>
     *
     * @param other the bus to listen to, not {@code null}, not this orchestrator's own bus, not closed
     * @param types the event types to hear, with their subtypes; at least one, none {@code null}
     * @return the subscription, to stop listening before {@link #close()}
     * @throws IllegalArgumentException when {@code other} is this orchestrator's bus or no type is given
     * @throws IllegalStateException when this orchestrator is closed, or {@code other} is closed when the
     *     subscription is made (here if already started, else in {@link #start()})
     */
    @SafeVarargs
    protected final Subscription listenTo(SignalBus other, Class<? extends BaseEvent>... types) {
        Objects.requireNonNull(other, "other must not be null");
        Objects.requireNonNull(types, "types must not be null");
        if (other == bus) {
            throw new IllegalArgumentException(
                    name() + " already listens to its own bus '" + bus.name() + "'; listenTo is for another bus");
        }
        if (types.length == 0) {
            throw new IllegalArgumentException("types must name at least one event type to hear on bus '" + other.name()
                    + "', such as UserLoggedInEvent.class");
        }
        List<Class<? extends BaseEvent>> heard = new ArrayList<>(types.length);
        for (Class<? extends BaseEvent> type : types) {
            heard.add(Objects.requireNonNull(type, "types must not contain null"));
        }
        Listening listening = new Listening(other, heard);
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException(name() + " is closed; it cannot listen to bus '" + other.name() + "'");
            }
            listenings.add(listening);
            if (subscription != null) {
                listening.subscribe();
            }
        }
        dispatcher.registry().track(other);
        return listening;
    }

    /** One {@link #listenTo} request: subscribed from {@link #start()} on, until unsubscribed or closed. */
    private final class Listening implements Subscription {
        private final SignalBus other;
        private final List<Class<? extends BaseEvent>> types;
        private @Nullable Subscription subscription; // guarded by lifecycle
        private boolean ended; // guarded by lifecycle

        Listening(SignalBus other, List<Class<? extends BaseEvent>> types) {
            this.other = other;
            this.types = types;
        }

        /** Called under {@code lifecycle}. */
        void subscribe() {
            if (!ended && subscription == null) {
                subscription = other.subscribe(
                        () -> name() + "@" + bus.name(),
                        BaseEvent.class,
                        event -> isOneOf(event, types)
                                && (event instanceof JobEvent || circuitBreaker.admit(event.getClass())),
                        event -> handle(event, true));
            }
        }

        /** Undoes {@link #subscribe()} when {@link #start()} fails. Called under {@code lifecycle}. */
        void reset() {
            if (subscription != null) {
                subscription.unsubscribe();
                subscription = null;
            }
        }

        @Override
        public void unsubscribe() {
            synchronized (lifecycle) {
                ended = true;
                listenings.remove(this);
                if (subscription != null) {
                    subscription.unsubscribe();
                }
            }
        }
    }

    private static boolean isOneOf(BaseEvent event, List<Class<? extends BaseEvent>> types) {
        for (Class<? extends BaseEvent> type : types) {
            if (type.isInstance(event)) {
                return true;
            }
        }
        return false;
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    // ---- hooks -------------------------------------------------------------------------------

    /**
     * One of this orchestrator's jobs started.
     *
     * @param event the event
     */
    protected void onJobStarted(JobStartedEvent event) {}

    /**
     * One of this orchestrator's jobs reported progress.
     *
     * @param event the event
     */
    protected void onProgress(JobProgressEvent event) {}

    /**
     * One of this orchestrator's jobs failed an attempt and will be retried.
     *
     * @param event the event
     */
    protected void onJobRetrying(JobRetryingEvent event) {}

    /**
     * One of this orchestrator's jobs timed out; {@link #onActiveFailure} follows.
     *
     * @param event the event
     */
    protected void onActiveTimeout(JobTimeoutEvent event) {}

    /**
     * One of this orchestrator's jobs succeeded.
     *
     * @param event the event
     */
    protected void onActiveSuccess(JobSuccessEvent event) {}

    /**
     * One of this orchestrator's jobs failed.
     *
     * @param event the event
     */
    protected void onActiveFailure(JobFailureEvent event) {}

    /**
     * One of this orchestrator's jobs was cancelled.
     *
     * @param event the event
     */
    protected void onActiveCancelled(JobCancelledEvent event) {}

    /**
     * A domain event about one of this orchestrator's jobs.
     *
     * @param event the event
     */
    protected void onActiveEvent(BaseEvent event) {}

    /**
     * An event about anything else on the bus (another module's job, a public event).
     *
     * @param event the event
     */
    protected void onPassiveEvent(BaseEvent event) {}

    // ---- routing -----------------------------------------------------------------------------

    private void handle(BaseEvent event, boolean foreign) {
        synchronized (handling) {
            if (!closed) {
                route(event, foreign);
            }
        }
    }

    private void route(BaseEvent event, boolean foreign) {
        // an event from another bus is never about this orchestrator's jobs, whose events stay on its bus
        Class<? extends BaseJob> tracked = foreign ? null : activeJobs.get(event.correlationId());
        if (tracked != null && event instanceof JobEvent) {
            if (event instanceof JobProgressEvent progress) {
                progressOf.computeIfAbsent(event.correlationId(), id -> new Progress()).value = progress.progress();
            } else if (((JobEvent) event).isTerminal()) {
                activeJobs.remove(event.correlationId(), tracked);
                progressOf.remove(event.correlationId());
            }
        } else if (countsTowardsLoops(event) && !circuitBreaker.allow(event.getClass())) {
            return;
        }
        // What the handler emits or dispatches is one reaction further down the chain.
        int previousDepth = EventChain.enter(event.chainDepth() + 1);
        try {
            if (tracked != null) {
                routeActive(event);
            } else {
                onPassiveEvent(event);
            }
        } catch (RejectedExecutionException ex) {
            if (dispatcher.isShutdown()) {
                // expected at shutdown, not a bug in the handler: one line, no stack trace
                logWarning(name() + " could not dispatch a follow-up job while handling " + event.logName()
                        + ": the dispatcher is shut down. " + ex.getMessage());
            } else {
                handlerFailed(event, ex);
            }
        } catch (Throwable ex) {
            handlerFailed(event, ex);
        } finally {
            EventChain.restore(previousDepth);
        }
    }

    /**
     * Whether the circuit breaker counts an event that is not about one of this orchestrator's own
     * jobs: every application event, and the lifecycle events of another orchestrator's job once the
     * job is at least {@value #LOOP_DEPTH} reactions deep (a handler answered an event that a handler
     * caused), since a loop through job endings runs on those and its depth grows without limit.
     * Progress is not counted: nothing loops on it. The lifecycle events of jobs dispatched outside
     * any handler, or by a handler answering an outside event (a request's event, say), are load,
     * bounded by the application's own requests.
     */
    private static boolean countsTowardsLoops(BaseEvent event) {
        if (event instanceof JobEvent) {
            return event.chainDepth() >= LOOP_DEPTH && !(event instanceof JobProgressEvent);
        }
        return true;
    }

    /** From this chain depth on, other orchestrators' job events count towards the breaker. */
    static final int LOOP_DEPTH = 2;

    private void handlerFailed(BaseEvent event, Throwable ex) {
        logError("Handler of " + name() + " failed on " + event.logName() + ": " + LogText.error(ex), ex);
        dispatcher.registry().recordHandlerError(name(), event, ex);
    }

    private void logWarning(String message) {
        QuietLog.log(logger, LogLevel.WARNING, message, null);
    }

    /** Logs an error; the failure being reported must still be isolated, counted and survived. */
    private void logError(String message, Throwable error) {
        QuietLog.log(logger, LogLevel.ERROR, message, error);
    }

    private void routeActive(BaseEvent event) {
        if (event instanceof JobSuccessEvent success) {
            onActiveSuccess(success);
        } else if (event instanceof JobFailureEvent failure) {
            onActiveFailure(failure);
        } else if (event instanceof JobCancelledEvent cancelled) {
            onActiveCancelled(cancelled);
        } else if (event instanceof JobTimeoutEvent timeout) {
            onActiveTimeout(timeout);
        } else if (event instanceof JobProgressEvent progress) {
            onProgress(progress);
        } else if (event instanceof JobStartedEvent started) {
            onJobStarted(started);
        } else if (event instanceof JobRetryingEvent retrying) {
            onJobRetrying(retrying);
        } else {
            onActiveEvent(event);
        }
    }

    /** The last progress handled of one job: written by the handlers, read by {@link #getJobProgress}. */
    private static final class Progress {
        volatile double value;
    }

    @Override
    public String toString() {
        return name() + "[bus=" + bus.name() + ", activeJobs=" + activeJobs.size() + "]";
    }
}
