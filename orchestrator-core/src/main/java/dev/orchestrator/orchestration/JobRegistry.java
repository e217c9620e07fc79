package dev.orchestrator.orchestration;

import dev.orchestrator.bus.BusMonitor;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.bus.Subscription;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.OrchestratorLogger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The single source of truth about jobs: every running job, a bounded history of finished ones,
 * the circuit-breaker trip log and the buses in use. The Spring Boot starter's endpoint, metrics
 * and health indicator all read this object; none keeps a copy.
 *
 * <p>The history keeps at most {@link OrchestratorConfig#historyMaxSize()} jobs, each for at most
 * {@link OrchestratorConfig#historyTtl()}; the trip log keeps the last {@value #TRIP_LOG_SIZE} trips
 * (the total count is kept for ever). Observers ({@link OrchestratorObserver}) see every change.
 *
 * <p>Thread-safe. Reads return immutable snapshots.
 */
public final class JobRegistry {

    /** Trips kept in the trip log. */
    public static final int TRIP_LOG_SIZE = 1_000;

    private final int historyMaxSize;
    private final java.time.Duration historyTtl;
    private final Clock clock;
    private final OrchestratorLogger logger;
    private final Map<String, JobRun<?>> running = new ConcurrentHashMap<>();
    /** Oldest first; the oldest leaves when a job beyond the size comes in (no iterator per finished job). */
    private final LinkedHashMap<String, FinishedJob> history;

    private final Deque<CircuitBreakerTrip> trips = new ArrayDeque<>();
    private final AtomicLong tripCount = new AtomicLong();
    private final AtomicLong handlerErrorCount = new AtomicLong();
    private final Map<SignalBus, Subscription> buses = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<OrchestratorObserver> observers = new CopyOnWriteArrayList<>();
    /** How many dispatchers use this registry (guarded by itself). */
    private final int[] users = new int[1];
    /** A dispatcher that created this registry shut down: close it once no dispatcher uses it (guarded by users). */
    private boolean closeWhenUnused;
    /** What the tracked buses call: kept off this class's public API. */
    private final BusMonitor monitor = new BusMonitor() {
        @Override
        public void onEmit(SignalBus bus, BaseEvent event) {
            if (!observers.isEmpty()) { // called for every event: no callback object when nobody listens
                notifyObservers(observer -> observer.eventEmitted(bus, event));
            }
        }

        @Override
        public void onClose(SignalBus bus) {
            untrack(bus);
        }

        @Override
        public boolean vouchesFor(SignalBus bus, JobEvent event) {
            return JobRun.isEmitting(event);
        }
    };

    /**
     * Creates an empty registry.
     *
     * @param config supplies history size and retention, the clock and the logger; not {@code null}
     */
    public JobRegistry(OrchestratorConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        this.historyMaxSize = config.historyMaxSize();
        this.history = new History(historyMaxSize);
        this.historyTtl = config.historyTtl();
        this.clock = config.clock();
        this.logger = config.logger();
    }

    // ---- reads -------------------------------------------------------------------------------

    /** {@return every running job, oldest dispatch first} */
    public List<JobSnapshot> runningJobs() {
        List<JobSnapshot> jobs = new ArrayList<>(running.size());
        for (JobRun<?> run : running.values()) {
            jobs.add(run.snapshot());
        }
        jobs.sort(Comparator.comparing(JobSnapshot::dispatchedAt));
        return List.copyOf(jobs);
    }

    /** {@return the number of running jobs} */
    public int runningCount() {
        return running.size();
    }

    /**
     * {@return the running job with that id, if any}
     *
     * @param id a job id
     */
    public Optional<JobSnapshot> running(String id) {
        Objects.requireNonNull(id, "id must not be null");
        JobRun<?> run = running.get(id);
        return run == null ? Optional.empty() : Optional.of(run.snapshot());
    }

    /** {@return the finished jobs still remembered, most recent first} */
    public List<FinishedJob> finishedJobs() {
        synchronized (history) {
            evictExpired();
            List<FinishedJob> jobs = new ArrayList<>(history.values());
            java.util.Collections.reverse(jobs);
            return List.copyOf(jobs);
        }
    }

    /**
     * {@return the finished job with that id, if it is still remembered}
     *
     * @param id a job id
     */
    public Optional<FinishedJob> finished(String id) {
        synchronized (history) {
            evictExpired();
            return Optional.ofNullable(history.get(id));
        }
    }

    /** {@return the last trips of every orchestrator's circuit breaker, most recent first} */
    public List<CircuitBreakerTrip> trips() {
        synchronized (trips) {
            return List.copyOf(trips);
        }
    }

    /** {@return the number of circuit-breaker trips recorded since creation} */
    public long tripCount() {
        return tripCount.get();
    }

    /** {@return the number of handler failures recorded since creation} */
    public long handlerErrorCount() {
        return handlerErrorCount.get();
    }

    /** {@return the open buses this registry tracks} */
    public List<SignalBus> buses() {
        List<SignalBus> list = new ArrayList<>(buses.keySet());
        list.sort(Comparator.comparing(SignalBus::name));
        return List.copyOf(list);
    }

    // ---- registration ------------------------------------------------------------------------

    /**
     * Adds an observer that sees every later change.
     *
     * @param observer the observer, not {@code null}
     * @return a handle that removes it
     */
    public Subscription addObserver(OrchestratorObserver observer) {
        Objects.requireNonNull(observer, "observer must not be null");
        observers.addIfAbsent(observer);
        return () -> observers.remove(observer);
    }

    /**
     * Tracks a bus: lists it in {@link #buses()} and tells observers of every event emitted on it.
     * Idempotent; a closed bus is forgotten. Dispatchers and orchestrators track their buses
     * themselves.
     *
     * @param bus the bus, not {@code null}
     */
    public void track(SignalBus bus) {
        Objects.requireNonNull(bus, "bus must not be null");
        if (bus.isClosed() || buses.containsKey(bus)) {
            return;
        }
        buses.computeIfAbsent(bus, b -> b.monitor(monitor));
        if (bus.isClosed()) {
            untrack(bus);
        }
    }

    /**
     * Records a circuit-breaker trip and tells observers.
     *
     * @param trip the trip, not {@code null}
     */
    void recordTrip(CircuitBreakerTrip trip) {
        Objects.requireNonNull(trip, "trip must not be null");
        tripCount.incrementAndGet();
        synchronized (trips) {
            trips.addFirst(trip);
            if (trips.size() > TRIP_LOG_SIZE) {
                trips.removeLast();
            }
        }
        notifyObservers(observer -> observer.circuitBreakerTripped(trip));
    }

    /**
     * Records that an orchestrator's handler threw, and tells observers.
     *
     * @param orchestrator the orchestrator's name, not {@code null}
     * @param event the event being handled, not {@code null}
     * @param error what the handler threw, not {@code null}
     */
    void recordHandlerError(String orchestrator, BaseEvent event, Throwable error) {
        Objects.requireNonNull(orchestrator, "orchestrator must not be null");
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(error, "error must not be null");
        handlerErrorCount.incrementAndGet();
        notifyObservers(observer -> observer.handlerFailed(orchestrator, event, error));
    }

    /** A dispatcher uses this registry from now on. */
    void attach() {
        synchronized (users) {
            users[0]++;
        }
    }

    /**
     * A dispatcher that used this registry shut down. Once none is left and one of them had created
     * it, the registry closes: while any dispatcher sharing it still runs jobs, it keeps monitoring
     * their buses, since it vouches for their lifecycle events.
     *
     * @param createdIt whether the leaving dispatcher created this registry
     */
    void detach(boolean createdIt) {
        boolean close;
        synchronized (users) {
            users[0]--;
            closeWhenUnused |= createdIt;
            close = users[0] <= 0 && closeWhenUnused;
        }
        if (close) {
            close();
        }
    }

    /**
     * Stops tracking every bus (the registry no longer sees their events); the job records stay
     * readable. Idempotent.
     */
    void close() {
        for (SignalBus bus : List.copyOf(buses.keySet())) {
            untrack(bus);
        }
    }

    private void untrack(SignalBus bus) {
        Subscription subscription = buses.remove(bus);
        if (subscription != null) {
            subscription.unsubscribe();
            if (bus.isClosed() && !observers.isEmpty()) {
                notifyObservers(observer -> observer.busClosed(bus));
            }
        }
    }

    // ---- job lifecycle, called by JobRun -----------------------------------------------------

    /** {@return the running job with that id, or {@code null}} */
    @Nullable
    JobRun<?> runningRun(String id) {
        return running.get(id);
    }

    /** {@return a copy of the running jobs of one dispatcher} */
    List<JobRun<?>> runningRuns(Dispatcher dispatcher) {
        List<JobRun<?>> runs = new ArrayList<>();
        for (JobRun<?> run : running.values()) {
            if (run.dispatcher() == dispatcher) {
                runs.add(run);
            }
        }
        return runs;
    }

    /** Why {@link #add} refused a run, if it did. */
    enum Admission {
        ADDED,
        RUNNING,
        RETAINED
    }

    /**
     * Registers a run unless a job with its id is running or retained in the history. The check and
     * the registration are one step under the history's lock, and a job enters the history before it
     * leaves the running jobs ({@link #finished}): so a dispatch of a retained id never slips in
     * between.
     */
    Admission add(JobRun<?> run) {
        if (historyMaxSize == 0) {
            return running.putIfAbsent(run.id(), run) == null ? Admission.ADDED : Admission.RUNNING;
        }
        synchronized (history) {
            FinishedJob job = history.get(run.id());
            if (job != null && !job.finishedAt().isBefore(clock.instant().minus(historyTtl))) {
                return Admission.RETAINED;
            }
            return running.putIfAbsent(run.id(), run) == null ? Admission.ADDED : Admission.RUNNING;
        }
    }

    void remove(JobRun<?> run) {
        running.remove(run.id(), run);
    }

    void started(JobRun<?> run) {
        if (!observers.isEmpty()) {
            JobSnapshot snapshot = run.snapshot();
            notifyObservers(observer -> observer.jobStarted(snapshot));
        }
    }

    void retrying(JobRun<?> run, JobRetryingEvent event) {
        if (!observers.isEmpty()) {
            JobSnapshot snapshot = run.snapshot();
            notifyObservers(observer -> observer.jobRetrying(snapshot, event));
        }
    }

    void finished(JobRun<?> run, FinishedJob job) {
        // Into the history before out of the running jobs: add(run) checks both under the
        // history's lock, so a dispatch of the same id in between is refused.
        if (historyMaxSize > 0) {
            synchronized (history) {
                history.remove(job.id());
                history.put(job.id(), job); // and out goes the oldest job beyond the size
            }
        }
        running.remove(run.id(), run);
        if (!observers.isEmpty()) {
            notifyObservers(observer -> observer.jobFinished(job));
        }
    }

    Instant now() {
        return clock.instant();
    }

    private void evictExpired() {
        Instant cutoff = clock.instant().minus(historyTtl);
        Iterator<FinishedJob> it = history.values().iterator();
        while (it.hasNext() && it.next().finishedAt().isBefore(cutoff)) {
            it.remove();
        }
    }

    private void notifyObservers(Consumer<OrchestratorObserver> call) {
        for (OrchestratorObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (Throwable ex) { // an Error too: observers run inside job transitions, which must complete
                QuietLog.log(logger, LogLevel.WARNING, "Observer " + observer + " failed", ex);
            }
        }
    }

    /** The history of finished jobs: drops its oldest entry once it holds more than its size. */
    private static final class History extends LinkedHashMap<String, FinishedJob> {
        private static final long serialVersionUID = 1L;

        private final int maxSize;

        History(int maxSize) {
            this.maxSize = maxSize;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FinishedJob> eldest) {
            return size() > maxSize;
        }
    }

    @Override
    public String toString() {
        return "JobRegistry[running=" + running.size() + ", trips=" + tripCount.get() + "]";
    }
}
