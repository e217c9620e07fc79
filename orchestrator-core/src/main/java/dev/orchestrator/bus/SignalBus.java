package dev.orchestrator.bus;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.logging.ConsoleLogger;
import dev.orchestrator.logging.LogText;
import dev.orchestrator.logging.OrchestratorLogger;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Publish/subscribe channel for events. {@link #instance()} is the JVM-wide global bus;
 * {@link #scoped(String)} creates an isolated bus for one module: listeners of one bus never see
 * events emitted on another.
 *
 * <p><b>Delivery.</b> {@link #emit(BaseEvent)} never runs a subscriber on the caller's thread and
 * never waits for one (it may wait a moment for another emitter's step: storing the event whose place
 * it claimed, or copying a lagging subscriber's events when cutting it loose): it writes the event once
 * to the bus's log, which every subscriber that keeps up reads
 * with a cursor of its own (a subscriber that falls behind is given a queue of its own, below); each
 * subscriber's type and admission check are decided on the emitting thread. Each subscriber is
 * drained by one task at a time on the bus's delivery executor (a small shared pool of daemon
 * threads unless the builder is given another executor), so:
 * <ul>
 *   <li>a subscriber receives events in the order they were emitted (for events emitted from one
 *       thread, or otherwise ordered by happens-before);</li>
 *   <li>a subscriber is never called concurrently with itself;</li>
 *   <li>a slow, blocked or throwing subscriber delays nobody else: it holds at most one delivery
 *       thread, and an exception it throws is logged and delivery goes on with the next event (its
 *       admission check, if it has one, is the exception: it runs while the event holds its place
 *       in the log, so it must not block);</li>
 *   <li>no thread is dedicated to a subscriber; a busy subscriber gives its thread back after a
 *       batch of events so that others get their turn.</li>
 * </ul>
 * The default delivery executor is one pool of max(8, 2 × CPUs) daemon threads shared by every
 * bus in the JVM: as many subscribers blocked at once as it has threads would delay all the others.
 * Give a bus whose handlers block (I/O, locks, waiting) its own executor with
 * {@link Builder#deliveryExecutor}; a virtual-thread-per-task executor (JDK 21+) removes the limit.
 * The Spring Boot starter gives each application context its own delivery executor.
 *
 * <p><b>A subscriber that falls behind.</b> A subscriber whose cursor is {@code capacity} positions
 * of the log behind the newest event is cut loose from the log: the events for it that it had still
 * to read are handed to it, in order, and later ones go to a queue of its own, so that it never holds
 * the log for the others. Each subscriber holds at most {@code capacity} waiting
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
 * The log is held in chunks of 256 events (2–4 KB each), each chunk kept only while a subscriber
 * reads in it; events that every subscriber has passed are let go when a subscriber runs dry. A
 * subscriber's own queue is held in chunks of 256 references (1–2 KB each). Other subscribers are
 * unaffected. A subscriber may also
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
    /** Every event emitted, once; each subscriber reads it with a cursor of its own. */
    private final EventLog log = new EventLog();
    /** The current subscribers; replaced (never changed in place) under {@link #subscribersLock}. */
    private volatile Subscriber[] subscribers = new Subscriber[0];

    private final Object subscribersLock = new Object();
    /** The subscribers of the moment of {@link #close()}, which still drain what was emitted before it. */
    private volatile Subscriber[] drainingAfterClose = new Subscriber[0];

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
        publish(event);
    }

    /**
     * Writes the event to the log, once for all subscribers, and wakes those it is for. The subscribers
     * are read after the position is claimed: one that subscribes takes the head as its start after it
     * is listed, so it is decided for at every position it reads. Each subscriber's admission check
     * runs here, before the event is stored; a subscriber that refuses it, or that gets it through a
     * queue of its own, is named next to it in the log.
     */
    private void publish(BaseEvent event) {
        EventLog.Chunk start = log.startChunk();
        long position = log.claim();
        Subscriber[] current = subscribers;
        int count = current.length;
        long wake = 0;
        long queue = 0;
        long cut = 0;
        byte @Nullable [] beyond = count > Long.SIZE ? new byte[count] : null;
        @Nullable Object excluded = null;
        try {
            for (int k = 0; k < count; k++) {
                Subscriber subscriber = current[k];
                int action = subscriber.decide(event, position);
                if (action == 0) {
                    continue;
                }
                if ((action & EXCLUDE) != 0) {
                    excluded = withExcluded(excluded, subscriber);
                }
                if (beyond != null && k >= Long.SIZE) {
                    beyond[k] = (byte) action;
                } else {
                    long bit = 1L << k;
                    wake |= (action & WAKE) != 0 ? bit : 0;
                    queue |= (action & QUEUE) != 0 ? bit : 0;
                    cut |= (action & CUT) != 0 ? bit : 0;
                }
            }
        } finally {
            // always: readers wait for every claimed position. Nobody reads one claimed while nobody was
            // subscribed (a subscriber takes a later start), so it keeps no event alive
            log.store(start, position, count == 0 ? EventLog.NOBODY : event, excluded);
        }
        if ((wake | queue | cut) == 0 && beyond == null) {
            return;
        }
        boolean droppable = mayDrop(event);
        for (int k = 0; k < count; k++) {
            int action;
            if (beyond != null && k >= Long.SIZE) {
                action = beyond[k];
            } else {
                long bit = 1L << k;
                action = ((wake & bit) != 0 ? WAKE : 0)
                        | ((queue & bit) != 0 ? QUEUE : 0)
                        | ((cut & bit) != 0 ? CUT : 0);
            }
            Subscriber subscriber = current[k];
            if ((action & CUT) != 0) {
                subscriber.cutLoose();
            }
            if ((action & QUEUE) != 0) {
                subscriber.offerPrivate(event, droppable);
            } else if ((action & WAKE) != 0) {
                subscriber.schedule();
            }
        }
    }

    /**
     * Lets go of the events in the log that every reader has passed (see {@link EventLog#clearBelow}).
     * A reader's cursor is read before whether it is cut loose: one cut loose later copies from a cursor
     * at least as far. Gives up while a subscriber joins or is being cut loose.
     */
    private void clearPassed() {
        // read before the subscribers: one that subscribes later takes a start at or beyond it
        EventLog.Chunk headChunk = log.startChunk(); // read before the head: its base is at most the head
        long head = log.head();
        long lowest = head;
        EventLog.@Nullable Chunk lowestChunk = null;
        Subscriber[] listed = subscribers;
        Subscriber[] draining = drainingAfterClose;
        int readers = listed.length + draining.length;
        // no list of both: this runs each time a subscriber runs dry, and must not allocate
        for (int k = 0; k < readers; k++) {
            Subscriber reader = k < listed.length ? listed[k] : draining[k - listed.length];
            if (!reader.active) {
                continue;
            }
            EventLog.@Nullable Chunk chunk = reader.logChunk; // read before the cursor: base at most the cursor
            long position = reader.cursor;
            Subscriber.@Nullable Cut cut = reader.cut;
            if (cut != null) {
                if (cut.tail == null) {
                    return; // its cutter still copies from the log
                }
                continue; // it reads its own copy
            }
            if (position == JOINING || chunk == null) {
                return;
            }
            if (position < lowest) {
                lowest = position;
                lowestChunk = chunk;
            }
        }
        log.clearBelow(lowestChunk != null ? lowestChunk : headChunk, lowest);
    }

    private static Object withExcluded(@Nullable Object excluded, Subscriber subscriber) {
        if (excluded == null) {
            return subscriber;
        }
        if (excluded instanceof Object[] several) {
            Object[] more = Arrays.copyOf(several, several.length + 1);
            more[several.length] = subscriber;
            return more;
        }
        return new Object[] {excluded, subscriber};
    }

    private void addSubscriber(Subscriber subscriber) {
        synchronized (subscribersLock) {
            Subscriber[] current = subscribers;
            Subscriber[] more = Arrays.copyOf(current, current.length + 1);
            more[current.length] = subscriber;
            subscribers = more;
        }
    }

    private void removeSubscriber(Subscriber subscriber) {
        synchronized (subscribersLock) {
            Subscriber[] current = subscribers;
            for (int k = 0; k < current.length; k++) {
                if (current[k] == subscriber) {
                    Subscriber[] fewer = new Subscriber[current.length - 1];
                    System.arraycopy(current, 0, fewer, 0, k);
                    System.arraycopy(current, k + 1, fewer, k, current.length - k - 1);
                    subscribers = fewer;
                    return;
                }
            }
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
     * @param admission decides whether an event is queued; must be fast, non-blocking and thread-safe,
     *     and must not emit on this bus (it runs while the event holds its place in the bus's log, and
     *     an emit from it may wait for that place to be filled). {@code null} admits every event; an
     *     exception it throws admits the event
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
        addSubscriber(subscriber);
        // the start is read after the subscriber is listed: every emit that claims it or a later
        // position sees the subscriber, and decides for it
        EventLog.Chunk chunk = log.startChunk();
        long start = log.head();
        subscriber.join(chunk, start);
        if (log.head() != start) {
            subscriber.schedule(); // an emit may have woken it before it had its start
        }
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
        return subscribers.length;
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
        synchronized (subscribersLock) {
            drainingAfterClose = subscribers; // never written again: the next line gives the bus a new array
            subscribers = new Subscriber[0];
        }
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

    /** What an emit does for one subscriber, decided on the emitting thread before the event is stored. */
    private static final int WAKE = 1;
    /** The event is not for it in the log (refused by its admission check, or sent to its queue instead). */
    private static final int EXCLUDE = 2;
    /** The event goes to its own queue (it was cut loose from the log, or is being cut loose now). */
    private static final int QUEUE = 4;
    /** It is too far behind in the log: cut it loose to a queue of its own. */
    private static final int CUT = 8;

    /** Cursor of a subscriber that has not yet taken its start position in the log. */
    private static final long JOINING = Long.MAX_VALUE;
    /** Log positions a delivery task looks at in one run, also when none of them is for its subscriber. */
    private static final int SCAN_LIMIT = 4 * EventLog.CHUNK;

    /** The part of the log a subscriber still had to read when it was cut loose: its events, in order. */
    private static final class Tail {
        static final Tail EMPTY = new Tail(new BaseEvent[0], new long[0]);

        final @Nullable BaseEvent[] events;
        /** The log position of each event, ascending. */
        final long[] positions;

        Tail(@Nullable BaseEvent[] events, long[] positions) {
            this.events = events;
            this.positions = positions;
        }
    }

    /**
     * One subscriber: a cursor in the bus's log while it keeps up, and a queue of its own once it falls
     * too far behind (cut loose); drained by at most one delivery task at a time.
     *
     * <p>Cutting loose: an emitter that finds the subscriber {@code capacity} positions behind (or more)
     * installs a {@link Cut}, then reads the log's head as the cut's position {@code at}. An emitter
     * decides for each subscriber after it has claimed its position: one that claimed a position below
     * {@code at} either saw no cut or sees {@code at} above its position, and its event stays in the log
     * part of the subscriber (unless excluded); one that claimed {@code at} or later sees the cut and puts
     * its event in the subscriber's queue. The cutter copies the events for the subscriber from its cursor
     * up to {@code at} into the cut's {@link Tail} and lets go of the log; the delivery task, which checks
     * for a cut after reading each log position, goes on in the tail from its own cursor (so nothing is
     * delivered twice), then in the queue. What waits for a subscriber that was cut loose is what is left
     * of its tail plus its queue: that count, exact, bounds the queue as before.
     */
    private final class Subscriber implements Subscription, Runnable {

        private final Supplier<@Nullable String> labelSupplier;
        private final String fallbackLabel;
        private volatile @Nullable String label;
        private final Class<? extends BaseEvent> type;
        private final @Nullable Predicate<BaseEvent> admission;
        private final Consumer<BaseEvent> handler;
        /** Held by the one delivery task that may consume this subscriber's events, while it is queued or running. */
        private final AtomicBoolean scheduled = new AtomicBoolean();

        private final AtomicBoolean overflowing = new AtomicBoolean();
        private final AtomicBoolean cutOff = new AtomicBoolean();
        private static final VarHandle CURSOR;
        private static final VarHandle CUT_FIELD;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                CURSOR = lookup.findVarHandle(Subscriber.class, "cursor", long.class);
                CUT_FIELD = lookup.findVarHandle(Subscriber.class, "cut", Cut.class);
            } catch (ReflectiveOperationException ex) {
                throw new ExceptionInInitializerError(ex);
            }
        }

        /**
         * Handler calls begun plus handler calls ended: odd while a handler call runs. Written by the
         * delivery task only (twice per event, with release order; plain stores on x86), read by
         * emitters only when this subscriber is behind. An object of its own, like {@link #scheduled}:
         * emitters read this subscriber's other fields on every emit.
         */
        private final AtomicLong handlerCalls = new AtomicLong();
        /**
         * The handler call an emitter last saw running while this subscriber was behind, and when it
         * first saw it: a subscriber whose same handler call has been running for the timeout is stuck.
         * {@code null} when an overflow episode starts. One object, so that a call and its time are
         * always read together; written by emitters without a lock (a lost update only delays the
         * verdict by one ending).
         */
        private volatile @Nullable SeenCall seenCall;

        private volatile boolean active = true;

        /** Distance from the head at which emitters look at the cursor again: half the capacity. */
        private final int lagCheck = Math.max(1, subscriberCapacity / 2);
        /**
         * What an emitter last saw of {@link #cursor}, so at most the current one; emitters read the
         * cursor itself only when the head has moved {@link #lagCheck} beyond this. Written by emitters
         * without a lock (an older value only makes them look again sooner).
         */
        private long cursorSeen;
        /**
         * The next log position to read; in the tail, the position after the event being delivered.
         * Written by the delivery task only (release order), {@link #JOINING} until it has a start.
         */
        private volatile long cursor = JOINING;
        /**
         * The log chunk that holds {@link #cursor}, written by the delivery task; {@code null} before the
         * start, once cut loose (the cutter clears it so that a blocked task holds nothing of the log) and
         * once unsubscribed.
         */
        private volatile EventLog.@Nullable Chunk logChunk;
        /** The delivery task's last view of the log's head; delivery task only. */
        private long headSeen;
        /** Set once, when this subscriber is cut loose from the log. */
        private volatile @Nullable Cut cut;

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

        /** A queue of its own, for a subscriber cut loose from the log at position {@link #at}. */
        private final class Cut implements IntSupplier {
            /** The first log position whose events go to {@link #queue}; -1 until the cutter has read it. */
            volatile long at = -1;
            /** The log part still to be read when cut loose; {@code null} until the cutter has copied it. */
            volatile @Nullable Tail tail;
            /** Replaced by an empty one when the subscriber is cut off, so that what waited can be collected. */
            volatile SubscriberQueue<BaseEvent> queue = new SubscriberQueue<>();
            /** Delivery task only: whether it has moved from the log to the tail, and the next tail index. */
            boolean entered;

            int tailIndex;

            long awaitAt() {
                long known;
                for (int spins = 1; (known = at) < 0; spins++) {
                    EventLog.pause(spins); // the cutter is between two plain steps
                }
                return known;
            }

            Tail awaitTail() {
                Tail known;
                for (int spins = 1; (known = tail) == null; spins++) {
                    EventLog.pause(spins); // the cutter copies at most the capacity of stored events
                }
                return known;
            }

            /** {@return how many events of the tail wait, read from the subscriber's cursor} */
            @Override
            public int getAsInt() {
                Tail known = tail;
                return known == null ? 0 : remaining(known);
            }
        }

        void join(EventLog.Chunk chunk, long start) {
            logChunk = chunk;
            cursorSeen = start;
            cursor = start; // last: a delivery task that reads it finds the chunk
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
            if (!active) {
                return false;
            }
            if (scheduled.get()) {
                return true;
            }
            Cut known = cut;
            if (known != null) {
                Tail tail = known.tail;
                return tail == null || remaining(tail) > 0 || !known.queue.isEmpty();
            }
            return waitsInLog();
        }

        /** Whether an event for this subscriber (or one still being stored) lies between its cursor and the head. */
        private boolean waitsInLog() {
            EventLog.Chunk chunk = logChunk;
            long position = (long) CURSOR.getAcquire(this);
            if (chunk == null || position == JOINING) {
                return false;
            }
            long head = log.head();
            for (; position < head; position++) {
                while (position >= chunk.base + EventLog.CHUNK) {
                    EventLog.@Nullable Chunk next = chunk.next;
                    if (next == null) {
                        return true; // an emitter is linking it
                    }
                    chunk = next;
                }
                int slot = (int) (position - chunk.base);
                Object event = chunk.eventAt(slot);
                if (event == null || (type.isInstance(event) && !chunk.excludes(slot, this))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Decides on the emitting thread, once the event has its log position, what the emit does for this
         * subscriber: runs its admission check, and tells whether it is too far behind.
         *
         * @return a combination of {@link #WAKE}, {@link #EXCLUDE}, {@link #QUEUE} and {@link #CUT}
         */
        int decide(BaseEvent event, long position) {
            if (!active) {
                return 0;
            }
            boolean typed = type.isInstance(event);
            Cut known = cut;
            if (known != null && position >= known.awaitAt()) {
                return typed && admits(event) ? QUEUE : 0;
            }
            long lag = position - cursorSeen;
            if (lag >= lagCheck) {
                long seen = (long) CURSOR.getAcquire(this);
                if (seen != JOINING) {
                    cursorSeen = seen;
                }
                lag = position - seen; // negative while joining
            }
            boolean far = lag >= subscriberCapacity;
            int cutIfFar = far && known == null ? CUT : 0;
            if (!typed) {
                // not for it, but a subscriber that no event wakes must still move on in the log
                return far ? cutIfFar : lag >= lagCheck ? WAKE : 0;
            }
            if (!admits(event)) {
                return EXCLUDE | cutIfFar;
            }
            return far ? EXCLUDE | QUEUE | cutIfFar : WAKE;
        }

        /** {@return how many events of {@code tail} the delivery task has not taken yet} */
        private int remaining(Tail tail) {
            long read = (long) CURSOR.getAcquire(this);
            long[] positions = tail.positions;
            int low = 0;
            int high = positions.length;
            while (low < high) { // the first tail position at or after the cursor
                int middle = (low + high) >>> 1;
                if (positions[middle] < read) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return positions.length - low;
        }

        /**
         * Cuts this subscriber loose from the log (an emitter, once it found it {@code capacity} positions
         * behind): every later event for it goes to a queue of its own, and the events it still had to
         * read in the log are copied, so that it holds no part of the log.
         */
        void cutLoose() {
            Cut created = new Cut();
            if (!CUT_FIELD.compareAndSet(this, null, created)) {
                return; // another emitter cuts it loose
            }
            created.at = log.head(); // every emitter that claimed a position from here on sees the cut
            long at = created.at;
            EventLog.@Nullable Chunk chunk = logChunk; // read before the cursor: its base is at most the cursor
            long position = (long) CURSOR.getAcquire(this);
            Tail copied = Tail.EMPTY;
            try {
                copied = copyTail(chunk, position, at);
            } finally {
                created.tail = copied; // also if copying failed: emitters and the delivery task wait for it
            }
            logChunk = null; // a delivery task that moved on meanwhile sees the cut and clears it again
            if (!active) {
                created.tail = Tail.EMPTY;
            }
            schedule();
        }

        /** {@return the events for this subscriber from {@code position} up to {@code at}}; the cutter only */
        private Tail copyTail(EventLog.@Nullable Chunk chunk, long position, long at) {
            if (chunk == null || position == JOINING) {
                return Tail.EMPTY;
            }
            List<BaseEvent> events = new ArrayList<>();
            long[] positions = new long[16];
            for (; position < at; position++) {
                int spins = 0;
                while (position >= chunk.base + EventLog.CHUNK) {
                    EventLog.@Nullable Chunk next = chunk.next;
                    if (next == null) {
                        EventLog.pause(++spins); // the emitter of a claimed position links it
                    } else {
                        chunk = next;
                    }
                }
                int slot = (int) (position - chunk.base);
                Object event;
                while ((event = chunk.eventAt(slot)) == null) {
                    EventLog.pause(++spins); // claimed, about to be stored
                }
                if (type.isInstance(event) && !chunk.excludes(slot, this)) {
                    if (events.size() == positions.length) {
                        positions = Arrays.copyOf(positions, 2 * positions.length);
                    }
                    positions[events.size()] = position;
                    events.add((BaseEvent) event);
                }
            }
            return new Tail(events.toArray(new BaseEvent[0]), Arrays.copyOf(positions, events.size()));
        }

        /**
         * Queues an event for a subscriber that was cut loose, or drops it when it has fallen behind.
         *
         * @param droppable whether the event may be dropped when this subscriber has fallen behind
         */
        void offerPrivate(BaseEvent event, boolean droppable) {
            Cut known = Objects.requireNonNull(cut);
            Tail tail = known.awaitTail();
            SubscriberQueue<BaseEvent> queue = known.queue;
            if (!droppable) {
                BaseEvent queued = event;
                int waiting = (int) Math.min(Integer.MAX_VALUE, (long) queue.size() + remaining(tail));
                if (waiting >= subscriberCapacity) { // behind: keep the ending; far behind, not its result
                    startOverflow(event);
                    if (isStuck()) {
                        cutOff(event, waiting);
                        return;
                    }
                    if (waiting >= resultsLimit() && event instanceof JobSuccessEvent success) {
                        queued = success.withoutData();
                        droppedResults.incrementAndGet();
                    }
                }
                queue.offer(queued);
            } else if (!queue.offerBounded(event, subscriberCapacity, known, tail.events.length)) {
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
                seenCall = null; // a new episode: its progress is measured from now
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
            long now = System.nanoTime(); // before the count: if the same call still runs, it ran at now
            long calls = handlerCalls.get();
            if ((calls & 1) == 0) {
                return false; // no handler call is running
            }
            SeenCall seen = seenCall;
            if (seen == null || seen.calls() != calls) {
                seenCall = new SeenCall(calls, now);
                return false;
            }
            return now - seen.sinceNanos() > stuckNanos;
        }

        private void cutOff(BaseEvent missed, int waiting) {
            if (!cutOff.compareAndSet(false, true)) {
                return;
            }
            cutOffSubscribers.incrementAndGet();
            unsubscribe();
            // The stuck delivery task holds the queue and the tail; empty ones in their place let what waited
            // go now, not when (if ever) the handler returns. The task stops at its next check of active.
            Cut known = Objects.requireNonNull(cut);
            known.queue = new SubscriberQueue<>();
            known.tail = Tail.EMPTY;
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

        void schedule() {
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
                                    + "what waits for it waits until the next emit",
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
                    BaseEvent event = next();
                    if (event == null) {
                        break;
                    }
                    if (overflowing.get() && nothingWaits()) {
                        // caught up: a later overflow is a new episode with its own warning
                        overflowing.set(false);
                    }
                    deliver(event);
                }
            } finally {
                scheduled.set(false);
                if (active) {
                    if (hasMore()) {
                        schedule();
                    } else if (cut == null) {
                        clearPassed();
                    }
                } else {
                    clearIfIdle();
                }
            }
        }

        /** {@return the next event for this subscriber, or {@code null} when none is ready}; delivery task only */
        private @Nullable BaseEvent next() {
            Cut known = cut;
            return known == null ? nextInLog() : nextAfterCut(known);
        }

        /** Reads the log from the cursor, skipping what is not for this subscriber; delivery task only. */
        private @Nullable BaseEvent nextInLog() {
            long position = cursor;
            EventLog.@Nullable Chunk chunk = logChunk;
            if (position == JOINING || chunk == null) {
                Cut known = cut;
                return known == null ? null : nextAfterCut(known);
            }
            for (int scanned = 0; scanned < SCAN_LIMIT; scanned++) {
                if (position >= headSeen && position >= (headSeen = log.head())) {
                    break;
                }
                int spins = 0;
                if (position == chunk.base + EventLog.CHUNK) {
                    EventLog.@Nullable Chunk next;
                    while ((next = chunk.next) == null) {
                        if (!EventLog.awaitStore(++spins)) {
                            CURSOR.setRelease(this, position);
                            return null;
                        }
                    }
                    chunk = next;
                    // the cursor first: whoever reads the chunk and then the cursor finds the cursor in it or beyond
                    CURSOR.setRelease(this, position);
                    logChunk = next;
                }
                int slot = (int) (position - chunk.base);
                Object event;
                while ((event = chunk.eventAt(slot)) == null) {
                    if (!EventLog.awaitStore(++spins)) {
                        CURSOR.setRelease(this, position);
                        return null;
                    }
                }
                // read after the event: no cut yet means the cut's position, if any, lies beyond this one
                Cut known = cut;
                if (known != null) {
                    CURSOR.setRelease(this, position);
                    return nextAfterCut(known);
                }
                position++;
                if (type.isInstance(event) && !chunk.excludes(slot, this)) {
                    CURSOR.setRelease(this, position); // before the handler runs: it no longer waits
                    return (BaseEvent) event;
                }
            }
            CURSOR.setRelease(this, position);
            return null;
        }

        /** Reads the tail, then the queue; delivery task only. */
        private @Nullable BaseEvent nextAfterCut(Cut known) {
            Tail tail = known.awaitTail();
            if (!known.entered) {
                // go on in the tail from the cursor: what came before it was delivered from the log
                logChunk = null;
                int skipped = tail.positions.length - remaining(tail);
                known.tailIndex = skipped;
                known.entered = true;
            }
            int index = known.tailIndex;
            if (index < tail.events.length) {
                BaseEvent event = Objects.requireNonNull(tail.events[index]);
                tail.events[index] = null;
                known.tailIndex = index + 1;
                CURSOR.setRelease(this, tail.positions[index] + 1);
                if (index + 1 == tail.events.length) {
                    // read through: let go of its arrays (and of the events before the cursor it skipped)
                    known.tail = Tail.EMPTY;
                }
                return event;
            }
            return known.queue.poll();
        }

        /** Nothing waits behind the event just taken; delivery task only. */
        private boolean nothingWaits() {
            Cut known = cut;
            if (known == null) {
                return cursor >= log.head();
            }
            Tail tail = known.tail;
            return tail != null && known.tailIndex >= tail.events.length && known.queue.isEmpty();
        }

        /** Something may wait, so another run is due; delivery task only, after it released the flag. */
        private boolean hasMore() {
            Cut known = cut;
            if (known == null) {
                long position = cursor;
                return position != JOINING && position < log.head();
            }
            Tail tail = known.tail;
            if (tail == null) {
                return false; // the cutter schedules a run once the tail is there
            }
            return (known.entered ? known.tailIndex < tail.events.length : remaining(tail) > 0)
                    || !known.queue.isEmpty();
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
            removeSubscriber(this);
            clearIfIdle();
            clearPassed();
        }

        /**
         * Lets go of what still waits for an unsubscribed subscriber; it is never delivered. Only the
         * holder of {@code scheduled} may touch the delivery task's state: this takes the flag when no
         * delivery task holds it. Unsubscribing writes {@code active} and then tries the flag; a delivery
         * task releases the flag and then reads {@code active}: so one of the two clears.
         */
        private void clearIfIdle() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    logChunk = null;
                    Cut known = cut;
                    if (known != null && known.tail != null) {
                        known.tail = Tail.EMPTY;
                        known.queue.clear();
                    }
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

    /** A handler call (the odd count of {@code handlerCalls}) an emitter saw running, and since when. */
    private record SeenCall(long calls, long sinceNanos) {}

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
