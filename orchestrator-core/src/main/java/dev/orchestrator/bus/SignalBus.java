package dev.orchestrator.bus;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.logging.ConsoleLogger;
import dev.orchestrator.logging.LogText;
import dev.orchestrator.logging.OrchestratorLogger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Publish/subscribe channel for events. {@link #instance()} is the JVM-wide global bus;
 * {@link #scoped(String)} creates an isolated bus for one module: listeners of one bus never see
 * events emitted on another.
 *
 * <p><b>Delivery.</b> {@link #emit(BaseEvent)} never runs a subscriber on the caller's thread and
 * never blocks: it appends the event to each matching subscriber's own queue. Each subscriber is
 * drained by one task at a time on the bus's delivery executor (a small shared pool of daemon
 * threads unless the builder is given another executor), so:
 * <ul>
 *   <li>a subscriber receives events in the order they were emitted (for events emitted from one
 *       thread, or otherwise ordered by happens-before);</li>
 *   <li>a subscriber is never called concurrently with itself;</li>
 *   <li>a slow, blocked or throwing subscriber delays nobody else: it holds at most one delivery
 *       thread, and an exception it throws is logged and delivery goes on with the next event;</li>
 *   <li>no thread is dedicated to a subscriber; a busy subscriber gives its thread back after a
 *       batch of events so that others get their turn.</li>
 * </ul>
 * The default delivery executor is one pool of max(8, 2 × CPUs) daemon threads shared by every
 * bus in the JVM: as many subscribers blocked at once as it has threads would delay all the others.
 * Give a bus whose handlers block (I/O, locks, waiting) its own executor with
 * {@link Builder#deliveryExecutor}; a virtual-thread-per-task executor (JDK 21+) removes the limit.
 * The Spring Boot starter gives each application context its own delivery executor.
 *
 * <p><b>A subscriber that falls behind.</b> Each subscriber holds at most {@code capacity} waiting
 * events ({@value #DEFAULT_SUBSCRIBER_CAPACITY} by default). Beyond that, new events for that
 * subscriber are dropped and counted ({@link #droppedEvents()}), with one warning logged each time
 * it starts to overflow — except terminal job events ({@link JobEvent#isTerminal()}: success,
 * failure, cancelled), which are still queued so that a subscriber that catches up misses no
 * ending: with their results until {@code 2 × capacity} events wait, and beyond that a
 * {@link JobSuccessEvent} {@linkplain JobSuccessEvent#withoutData() without its result}
 * ({@code isDataDropped()}, counted in {@link #droppedResults()}), so that each costs a few dozen
 * bytes whatever the job returned (a failure keeps its error).
 *
 * <p>A subscriber that is behind and <em>stuck</em> — its delivery task holds a thread, and one
 * handler call has been running for longer than {@link Builder#stuckSubscriberTimeout}
 * ({@value #DEFAULT_STUCK_SUBSCRIBER_TIMEOUT_SECONDS} s by default): no event has reached its handler
 * since — is cut off by the next ending for it: unsubscribed, what waited for it let go at
 * once (also while the stuck call goes on), one ERROR line naming it, the bus and the ending it
 * missed, and counted ({@link #cutOffSubscribers()}). A slow subscriber is not stuck: each event it
 * handles starts the timeout anew. So a subscriber holds at most
 * {@code 2 × capacity} full events plus a small record per job that ended while it was further
 * behind, for as long as it keeps handling events, and no ending is ever lost silently. One case is
 * not bounded by the timeout: a subscriber whose delivery task waits for a thread of a saturated
 * delivery executor (other subscribers block all its threads) is not running, so it is not stuck,
 * and its small records grow until it gets a thread; give blocking subscribers their own executor.
 * Events are held in chunks of 256 references (1–2 KB each; an idle subscriber keeps one). Other
 * subscribers are unaffected. A subscriber may also
 * refuse events before they are queued (an admission check, see
 * {@link #subscribe(String, Class, java.util.function.Predicate, Consumer)}); refused events take no
 * room and are not counted as dropped.
 *
 * <p><b>Closing.</b> {@link #close()} is safe at any time and from any thread: events already
 * emitted are still delivered (so no subscriber misses the terminal event of a job that ended
 * before the close), later emits are ignored, later subscriptions fail. The global bus cannot be
 * closed.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class SignalBus implements AutoCloseable {

    /** Name of the global bus returned by {@link #instance()}. */
    public static final String GLOBAL_NAME = "global";
    /** Default number of events that may wait for one subscriber before new ones are dropped. */
    public static final int DEFAULT_SUBSCRIBER_CAPACITY = 10_000;
    /** Default time one handler call may take, while its subscriber is behind, before it is cut off: 10 s. */
    public static final long DEFAULT_STUCK_SUBSCRIBER_TIMEOUT_SECONDS = 10;
    /** Events delivered to one subscriber before its delivery task yields the thread. */
    static final int DELIVERY_BATCH = 256;

    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String name;
    private final boolean closeable;
    private final Executor deliveryExecutor;
    private final int subscriberCapacity;
    private final long stuckNanos;
    private final OrchestratorLogger logger;
    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** The subscribers of the moment of {@link #close()}, which still drain what was emitted before it. */
    private volatile List<Subscriber> drainingAfterClose = List.of();

    private final CopyOnWriteArrayList<BusMonitor> monitors = new CopyOnWriteArrayList<>();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final AtomicLong cutOffSubscribers = new AtomicLong();
    private final AtomicLong droppedResults = new AtomicLong();
    private final AtomicInteger subscriberIds = new AtomicInteger();
    private volatile boolean closed;

    private SignalBus(Builder builder, boolean closeable) {
        this.name = builder.name;
        this.closeable = closeable;
        this.deliveryExecutor = builder.deliveryExecutor != null ? builder.deliveryExecutor : DefaultDelivery.EXECUTOR;
        this.subscriberCapacity = builder.subscriberCapacity;
        this.stuckNanos = builder.stuckSubscriberTimeout.toNanos();
        this.logger = builder.logger;
    }

    /**
     * The global bus of this JVM, named {@value #GLOBAL_NAME}, for public events that several
     * modules react to. It cannot be closed. Applications that need several independent
     * configurations in one JVM (such as Spring application contexts in a test suite) build their
     * own buses with {@link #builder(String)} instead: the Spring Boot starter's global bus is such
     * a bean, one per context, and does not see events emitted here.
     *
     * @return the global bus
     */
    public static SignalBus instance() {
        return Global.INSTANCE;
    }

    /**
     * Creates an isolated bus with the default settings.
     *
     * @param name a name that tells this bus apart in logs, metrics and the actuator; not blank
     * @return a new open bus
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public static SignalBus scoped(String name) {
        return builder(name).build();
    }

    /**
     * {@return a builder for a bus with that name}
     *
     * @param name a name that tells this bus apart in logs, metrics and the actuator; not blank
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Publishes an event to every current subscriber whose type matches. Returns at once; never
     * runs a subscriber on this thread. Ignored when the bus is closed.
     *
     * <p>Lifecycle events ({@link JobEvent}: a job's start, progress, retries and ending) are the
     * framework's own: it emits them for the jobs it runs, so that every job has exactly one ending.
     * One emitted by application code is refused; emit a domain event (a subclass of
     * {@link BaseEvent}) instead.
     *
     * @param event the event, not {@code null}
     * @throws NullPointerException when {@code event} is {@code null}
     * @throws IllegalArgumentException when {@code event} is a lifecycle event the framework did not emit
     */
    public void emit(BaseEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        if (closed) {
            if (logger.isEnabled(dev.orchestrator.logging.LogLevel.DEBUG)) {
                log(() -> logger.debug("Bus '" + name + "' is closed; ignored " + event.logName()));
            }
            return;
        }
        if (event instanceof JobEvent lifecycle && !isVouchedFor(lifecycle)) {
            if (closed) {
                return; // closed meanwhile (close removes the monitors): ignored, as on a closed bus
            }
            throw new IllegalArgumentException(event.logName() + " is a lifecycle event: only the framework emits"
                    + " those, for the jobs it runs, so that each job has exactly one ending; emit a domain event"
                    + " (a subclass of BaseEvent) instead");
        }
        for (BusMonitor monitor : monitors) {
            try {
                monitor.onEmit(this, event);
            } catch (RuntimeException ex) {
                log(() -> logger.warning("Monitor " + monitor + " of bus '" + name + "' failed", ex));
            }
        }
        boolean droppable = mayDrop(event);
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(event, droppable);
        }
    }

    private boolean isVouchedFor(JobEvent event) {
        for (BusMonitor monitor : monitors) {
            try {
                if (monitor.vouchesFor(this, event)) {
                    return true;
                }
            } catch (RuntimeException ex) {
                log(() -> logger.warning("Monitor " + monitor + " of bus '" + name + "' failed", ex));
            }
        }
        return false;
    }

    /**
     * Subscribes to every event of this bus.
     *
     * @param handler called once per event, never concurrently with itself; not {@code null}
     * @return a handle that unsubscribes
     * @throws IllegalStateException when the bus is closed
     */
    public Subscription subscribe(Consumer<? super BaseEvent> handler) {
        return subscribe(BaseEvent.class, handler);
    }

    /**
     * Subscribes to the events of one type (and its subtypes).
     *
     * @param type the event type, not {@code null}
     * @param handler called once per event, never concurrently with itself; not {@code null}
     * @param <E> the event type
     * @return a handle that unsubscribes
     * @throws IllegalStateException when the bus is closed
     */
    public <E extends BaseEvent> Subscription subscribe(Class<E> type, Consumer<? super E> handler) {
        return subscribe(null, type, handler);
    }

    /**
     * Subscribes to the events of one type under a name used in log messages about this subscriber.
     *
     * @param subscriberName the name, or {@code null} for a generated one
     * @param type the event type, not {@code null}
     * @param handler called once per event, never concurrently with itself; not {@code null}
     * @param <E> the event type
     * @return a handle that unsubscribes
     * @throws IllegalStateException when the bus is closed
     */
    public <E extends BaseEvent> Subscription subscribe(
            @Nullable String subscriberName, Class<E> type, Consumer<? super E> handler) {
        return subscribe(subscriberName, type, null, handler);
    }

    /**
     * Subscribes to the events of one type, with an admission check that runs on the emitting thread:
     * an event it refuses is never queued for this subscriber, so it takes none of the subscriber's
     * {@code subscriberCapacity} and is not counted as dropped. Use it to shed events the subscriber
     * would throw away anyway (an orchestrator refuses the event types its circuit breaker has tripped
     * on), so that a flood of one type cannot crowd other types out of the subscriber's queue.
     *
     * @param subscriberName the name, or {@code null} for a generated one
     * @param type the event type, not {@code null}
     * @param admission decides whether an event is queued; must be fast, non-blocking and thread-safe.
     *     {@code null} admits every event; an exception it throws admits the event
     * @param handler called once per admitted event, never concurrently with itself; not {@code null}
     * @param <E> the event type
     * @return a handle that unsubscribes
     * @throws IllegalStateException when the bus is closed
     */
    public <E extends BaseEvent> Subscription subscribe(
            @Nullable String subscriberName,
            Class<E> type,
            @Nullable Predicate<? super E> admission,
            Consumer<? super E> handler) {
        return subscribe(() -> subscriberName, type, admission, handler);
    }

    /**
     * Subscribes to the events of one type with a name read only when it is needed (in a log line),
     * and at most once: for a subscriber whose name is not known yet when it subscribes, such as an
     * orchestrator whose subclass sets the field its {@code name()} reads after the base constructor
     * subscribed.
     *
     * @param subscriberName supplies the name; a {@code null} or failing supplier gives a generated one
     * @param type the event type, not {@code null}
     * @param admission decides whether an event is queued (see the other overload); {@code null} admits every event
     * @param handler called once per admitted event, never concurrently with itself; not {@code null}
     * @param <E> the event type
     * @return a handle that unsubscribes
     * @throws IllegalStateException when the bus is closed
     */
    public <E extends BaseEvent> Subscription subscribe(
            Supplier<@Nullable String> subscriberName,
            Class<E> type,
            @Nullable Predicate<? super E> admission,
            Consumer<? super E> handler) {
        Objects.requireNonNull(subscriberName, "subscriberName must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        String fallback = "subscriber-" + subscriberIds.incrementAndGet();
        @Nullable Predicate<BaseEvent> admits = admission == null ? null : event -> admission.test(type.cast(event));
        Subscriber subscriber =
                new Subscriber(subscriberName, fallback, type, admits, event -> handler.accept(type.cast(event)));
        subscribers.add(subscriber);
        if (closed) {
            subscriber.unsubscribe();
            throw new IllegalStateException("Bus '" + name + "' is closed; cannot subscribe " + subscriber.label());
        }
        return subscriber;
    }

    /**
     * Adds a monitor that sees every emitted event synchronously (see {@link BusMonitor}).
     *
     * @param monitor the monitor, not {@code null}
     * @return a handle that removes the monitor
     */
    public Subscription monitor(BusMonitor monitor) {
        Objects.requireNonNull(monitor, "monitor must not be null");
        monitors.addIfAbsent(monitor);
        return () -> monitors.remove(monitor);
    }

    /** {@return the bus's name; {@value #GLOBAL_NAME} for {@link #instance()}} */
    public String name() {
        return name;
    }

    /** {@return the number of current subscribers} */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** {@return how many events were dropped for subscribers that had fallen behind, since creation} */
    public long droppedEvents() {
        return droppedEvents.get();
    }

    /**
     * {@return how many job endings reached a subscriber without their result since creation, because
     * twice its capacity of events waited for it ({@link JobSuccessEvent#isDataDropped()})}
     */
    public long droppedResults() {
        return droppedResults.get();
    }

    /**
     * {@return how many subscribers were cut off since creation: each was behind, with one handler call
     * running for longer than the stuck-subscriber timeout, when another ending arrived for it}
     */
    public long cutOffSubscribers() {
        return cutOffSubscribers.get();
    }

    /** {@return the most events that may wait for one subscriber before new ones are dropped} */
    public int subscriberCapacity() {
        return subscriberCapacity;
    }

    /**
     * Waits until every event emitted so far has been handled by every subscriber (or dropped), for
     * at most {@code timeout}. Meant for shutdown: let orchestrators handle the terminal events of
     * the jobs that were just cancelled before they are closed. Events emitted while waiting count
     * too, so a bus that never falls quiet makes this return {@code false} at the timeout. A
     * subscriber that was cut off counts as idle, even while its stuck handler call goes on.
     *
     * @param timeout the longest wait, not negative
     * @return {@code true} when the bus became idle in time
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return awaitUntil(this::isIdle, timeout, "bus '" + name + "'");
    }

    /**
     * Waits until one subscriber of this bus has handled (or dropped) every event emitted to it so
     * far, for at most {@code timeout}; the other subscribers may still be busy. For tests that wait
     * for one orchestrator or one recorder rather than the whole bus. A subscription that has ended
     * (unsubscribed, or cut off) counts as idle.
     *
     * @param subscription a subscription returned by this bus's {@code subscribe}, not {@code null}
     * @param timeout the longest wait, not negative
     * @return {@code true} when the subscriber became idle in time
     * @throws IllegalArgumentException when the subscription is not one of this bus's, or the timeout
     *     is negative
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitIdle(Subscription subscription, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(subscription, "subscription must not be null");
        if (!(subscription instanceof Subscriber subscriber) || subscriber.bus() != this) {
            throw new IllegalArgumentException(
                    "subscription " + subscription + " is not a subscription of bus '" + name + "'");
        }
        return awaitUntil(() -> !subscriber.busy(), timeout, "subscriber " + subscription + " of bus '" + name + "'");
    }

    private static boolean awaitUntil(java.util.function.BooleanSupplier idle, Duration timeout, String what)
            throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
        }
        long deadline = System.nanoTime() + TimeUnit.NANOSECONDS.convert(timeout);
        while (!idle.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for " + what + " to become idle");
            }
            LockSupport.parkNanos(IDLE_POLL_NANOS);
        }
        return true;
    }

    private boolean isIdle() {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.busy()) {
                return false;
            }
        }
        for (Subscriber subscriber : drainingAfterClose) {
            if (subscriber.busy()) {
                return false;
            }
        }
        return true;
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the bus: later emits are ignored and later subscriptions refused; events emitted before
     * the close are still delivered to the subscribers of that time. Idempotent; safe while events
     * are being emitted and delivered.
     *
     * @throws UnsupportedOperationException on the global bus of {@link #instance()}
     */
    @Override
    public synchronized void close() {
        if (!closeable) {
            throw new UnsupportedOperationException(
                    "The global bus SignalBus.instance() cannot be closed; close scoped buses only");
        }
        if (closed) {
            return;
        }
        closed = true;
        // Subscribers keep draining what was emitted before the close; they just get nothing new.
        drainingAfterClose = List.copyOf(subscribers);
        subscribers.clear();
        for (BusMonitor monitor : monitors) {
            try {
                monitor.onClose(this);
            } catch (RuntimeException ex) {
                log(() -> logger.warning("Monitor " + monitor + " of bus '" + name + "' failed on close", ex));
            }
        }
        monitors.clear();
    }

    @Override
    public String toString() {
        return "SignalBus[" + name + (closed ? ", closed" : "") + "]";
    }

    /**
     * Runs one logging call. An exception thrown by the logger is ignored, as
     * {@link OrchestratorLogger} promises: it must never reach an emitter or stop a delivery.
     */
    private static void log(Runnable logCall) {
        try {
            logCall.run();
        } catch (RuntimeException ignored) {
            // a failing logger must not break the bus
        }
    }

    private static boolean mayDrop(BaseEvent event) {
        return !(event instanceof JobEvent jobEvent && jobEvent.isTerminal());
    }

    /** One subscriber: its own queue, drained by at most one delivery task at a time. */
    private final class Subscriber implements Subscription, Runnable {

        private final Supplier<@Nullable String> labelSupplier;
        private final String fallbackLabel;
        private volatile @Nullable String label;
        private final Class<? extends BaseEvent> type;
        private final @Nullable Predicate<BaseEvent> admission;
        private final Consumer<BaseEvent> handler;
        /** Replaced by an empty one when the subscriber is cut off, so that what waited can be collected. */
        private volatile SubscriberQueue<BaseEvent> queue = new SubscriberQueue<>();
        /** Held by the one delivery task that may consume {@link #queue}, while it is queued or running. */
        private final AtomicBoolean scheduled = new AtomicBoolean();

        private final AtomicBoolean overflowing = new AtomicBoolean();
        private final AtomicBoolean cutOff = new AtomicBoolean();
        /**
         * Handler calls begun plus handler calls ended: odd while a handler call runs. Written by the
         * delivery task only (twice per event, with release order; plain stores on x86), read by
         * emitters only when this subscriber is behind. An object of its own, like {@link #scheduled}:
         * emitters read this subscriber's other fields on every emit.
         */
        private final AtomicLong handlerCalls = new AtomicLong();
        /**
         * The value of {@link #handlerCalls} an emitter last saw while this subscriber was behind, and
         * when it first saw that value: a subscriber whose same handler call has been running for the
         * timeout is stuck. Reset when an overflow episode starts. Written by emitters without a lock; a
         * lost update only delays the verdict by one ending.
         */
        private volatile long progressSeen = -1;

        private volatile long progressSeenNanos;

        private volatile boolean active = true;

        Subscriber(
                Supplier<@Nullable String> labelSupplier,
                String fallbackLabel,
                Class<? extends BaseEvent> type,
                @Nullable Predicate<BaseEvent> admission,
                Consumer<BaseEvent> handler) {
            this.labelSupplier = labelSupplier;
            this.fallbackLabel = fallbackLabel;
            this.type = type;
            this.admission = admission;
            this.handler = handler;
        }

        /** {@return the name, read from the supplier the first time it is needed} */
        String label() {
            String known = label;
            if (known == null) {
                try {
                    known = labelSupplier.get();
                } catch (RuntimeException ex) {
                    known = null;
                }
                known = known == null || known.isBlank() ? fallbackLabel : known;
                label = known;
            }
            return known;
        }

        /** {@return the bus this subscriber belongs to} */
        SignalBus bus() {
            return SignalBus.this;
        }

        /** Something waits for this subscriber, or a delivery task for it is queued or running. */
        boolean busy() {
            return active && (!queue.isEmpty() || scheduled.get());
        }

        /**
         * Queues an event for this subscriber, or drops it when the subscriber has fallen behind.
         *
         * @param droppable whether the event may be dropped when this subscriber has fallen behind
         */
        void offer(BaseEvent event, boolean droppable) {
            if (!active || !type.isInstance(event) || !admits(event)) {
                return;
            }
            SubscriberQueue<BaseEvent> queue = this.queue;
            if (!droppable) {
                BaseEvent queued = event;
                int waiting = queue.size();
                if (waiting >= subscriberCapacity) { // behind: keep the ending; far behind, not its result
                    startOverflow(event);
                    if (isStuck()) {
                        cutOff(event);
                        return;
                    }
                    if (waiting >= resultsLimit() && event instanceof JobSuccessEvent success) {
                        queued = success.withoutData();
                        droppedResults.incrementAndGet();
                    }
                }
                queue.offer(queued);
            } else if (!queue.offerBounded(event, subscriberCapacity)) {
                droppedEvents.incrementAndGet();
                startOverflow(event);
                return;
            }
            schedule();
        }

        /**
         * Marks the start of an overflow episode: one warning each.
         */
        private void startOverflow(BaseEvent first) {
            if (!overflowing.get() && overflowing.compareAndSet(false, true)) {
                progressSeen = -1; // a new episode: its progress is measured from now
                log(() -> logger.warning("Subscriber " + LogText.quote(label()) + " of bus '" + name + "' has "
                        + subscriberCapacity + " events waiting; dropping new non-terminal events for it"
                        + " until it catches up, and keeping job endings without their results once "
                        + resultsLimit() + " wait (first event over the capacity: " + first.logName() + ")"));
            }
        }

        /** Waiting events beyond which an ending is queued without its result: twice the capacity. */
        private int resultsLimit() {
            return subscriberCapacity > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : 2 * subscriberCapacity;
        }

        /**
         * One handler call has been running for longer than the timeout. Only the time inside one call
         * counts: a delivery task between two calls (or starved of CPU there) is making progress, and a
         * task waiting for a delivery thread is not at fault.
         */
        private boolean isStuck() {
            long calls = handlerCalls.get();
            if ((calls & 1) == 0) {
                return false; // no handler call is running
            }
            long now = System.nanoTime();
            if (calls != progressSeen) {
                progressSeenNanos = now;
                progressSeen = calls;
                return false;
            }
            return now - progressSeenNanos > stuckNanos;
        }

        private void cutOff(BaseEvent missed) {
            if (!cutOff.compareAndSet(false, true)) {
                return;
            }
            cutOffSubscribers.incrementAndGet();
            int waiting = queue.size();
            unsubscribe();
            // The stuck delivery task holds the queue; an empty one in its place lets what waited go now,
            // not when (if ever) the handler returns. The task stops at its next check of active.
            queue = new SubscriberQueue<>();
            log(() -> logger.error(
                    "Subscriber " + LogText.quote(label()) + " of bus '" + name
                            + "' is cut off: one handler call has been running for longer than "
                            + Duration.ofNanos(stuckNanos)
                            + " while " + waiting + " events waited for it, when " + missed.logName()
                            + " arrived; it gets no more events from this bus, and what waited for it is discarded",
                    null));
        }

        private boolean admits(BaseEvent event) {
            if (admission == null) {
                return true;
            }
            try {
                return admission.test(event);
            } catch (RuntimeException ex) {
                return true; // emit never fails on a subscriber's account; the handler decides instead
            }
        }

        private void schedule() {
            // read before the compare-and-set: while a delivery task is queued or running, emits
            // only read the flag. The task clears it before it looks for more events, so either
            // it sees this event or this emit sees the flag cleared
            if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
                boolean submitted = false;
                try {
                    deliveryExecutor.execute(this);
                    submitted = true;
                } catch (RuntimeException ex) { // RejectedExecutionException, or whatever an executor throws
                    log(() -> logger.error(
                            "Delivery executor of bus '" + name + "' rejected delivery to '" + label() + "'; "
                                    + queue.size() + " events wait until the next emit",
                            ex));
                } finally {
                    if (!submitted) {
                        scheduled.set(false); // also after an Error: a later emit tries again
                    }
                }
            }
        }

        @Override
        public void run() {
            try {
                for (int i = 0; i < DELIVERY_BATCH && active; i++) {
                    BaseEvent event = queue.poll();
                    if (event == null) {
                        break;
                    }
                    if (overflowing.get() && queue.isEmpty()) {
                        // caught up: a later overflow is a new episode with its own warning
                        overflowing.set(false);
                    }
                    deliver(event);
                }
            } finally {
                scheduled.set(false);
                if (active) {
                    if (!queue.isEmpty()) {
                        schedule();
                    }
                } else {
                    clearIfIdle();
                }
            }
        }

        private void deliver(BaseEvent event) {
            AtomicLong calls = handlerCalls;
            long begun = calls.get() + 1;
            calls.lazySet(begun); // odd: in a handler call, which the stuck check times
            Throwable failure = null;
            try {
                handler.accept(event);
            } catch (Throwable ex) {
                failure = ex;
            }
            calls.lazySet(begun + 1); // even: between calls, so logging the failure below is not timed
            if (failure != null) {
                Throwable ex = failure;
                log(() -> logger.error(
                        "Subscriber " + LogText.quote(label()) + " of bus '" + name + "' failed on " + event.logName()
                                + ": " + LogText.error(ex),
                        ex));
            }
        }

        @Override
        public void unsubscribe() {
            active = false;
            subscribers.remove(this);
            clearIfIdle();
        }

        /**
         * Drops what still waits for an unsubscribed subscriber; it is never delivered. The queue has
         * one consumer, so only the holder of {@code scheduled} may clear it: this takes the flag when
         * no delivery task holds it. Unsubscribing writes {@code active} and then tries the flag; a
         * delivery task releases the flag and then reads {@code active}: so one of the two clears.
         */
        private void clearIfIdle() {
            if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                try {
                    queue.clear();
                } finally {
                    scheduled.set(false);
                }
            }
        }

        @Override
        public String toString() {
            return "Subscription[" + label() + " on " + name + "]";
        }
    }

    /** Builds a {@link SignalBus}. Not thread-safe. */
    public static final class Builder {

        private final String name;
        private @Nullable Executor deliveryExecutor;
        private int subscriberCapacity = DEFAULT_SUBSCRIBER_CAPACITY;
        private Duration stuckSubscriberTimeout = Duration.ofSeconds(DEFAULT_STUCK_SUBSCRIBER_TIMEOUT_SECONDS);
        private OrchestratorLogger logger = new ConsoleLogger();

        private Builder(String name) {
            Objects.requireNonNull(name, "name must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
            }
            this.name = name;
        }

        /**
         * Sets the executor that runs the delivery tasks.
         *
         * @param executor runs the delivery tasks; by default a shared pool of daemon threads.
         *     A virtual-thread-per-task executor works too.
         * @return this builder
         */
        public Builder deliveryExecutor(Executor executor) {
            this.deliveryExecutor = Objects.requireNonNull(executor, "deliveryExecutor must not be null");
            return this;
        }

        /**
         * Sets how many events may wait for one subscriber.
         *
         * @param capacity events that may wait for one subscriber before new non-terminal events
         *     are dropped, at least 1; job endings beyond twice as many arrive without their results
         * @return this builder
         * @throws IllegalArgumentException when less than 1
         */
        public Builder subscriberCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("subscriberCapacity must be >= 1, was " + capacity);
            }
            this.subscriberCapacity = capacity;
            return this;
        }

        /**
         * Sets how long one handler call may run, while its subscriber is behind (more than the
         * capacity waiting), before the next job ending for it cuts it off.
         *
         * @param timeout positive, at most about 292 years (nanoseconds in a {@code long})
         * @return this builder
         * @throws IllegalArgumentException when zero, negative or too long
         */
        public Builder stuckSubscriberTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "stuckSubscriberTimeout must not be null");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("stuckSubscriberTimeout must be positive, was " + timeout);
            }
            Duration longest = Duration.ofNanos(Long.MAX_VALUE);
            if (timeout.compareTo(longest) > 0) {
                throw new IllegalArgumentException(
                        "stuckSubscriberTimeout must be at most " + longest + ", was " + timeout);
            }
            this.stuckSubscriberTimeout = timeout;
            return this;
        }

        /**
         * Sets where the framework reports what goes wrong.
         *
         * @param logger where failing subscribers and overflows are reported
         * @return this builder
         */
        public Builder logger(OrchestratorLogger logger) {
            this.logger = Objects.requireNonNull(logger, "logger must not be null");
            return this;
        }

        /** {@return a new open bus} */
        public SignalBus build() {
            return new SignalBus(this, true);
        }
    }

    private static final class Global {
        static final SignalBus INSTANCE = new SignalBus(new Builder(GLOBAL_NAME), false);
    }

    /** The shared delivery pool, created on first use; daemon threads that end when idle. */
    private static final class DefaultDelivery {
        static final int THREADS = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
        static final Executor EXECUTOR = create();

        private static Executor create() {
            AtomicInteger count = new AtomicInteger();
            ThreadFactory factory = runnable -> {
                Thread thread = new Thread(runnable, "orchestrator-bus-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
            ThreadPoolExecutor pool = new ThreadPoolExecutor(
                    THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }
}
