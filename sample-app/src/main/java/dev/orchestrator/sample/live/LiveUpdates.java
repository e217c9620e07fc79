package dev.orchestrator.sample.live;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open Server-Sent-Events connections of the page. No client ever delays another, nor the
 * threads that publish.
 *
 * <p>On a servlet container {@link SseEmitter#send} blocks while the client's TCP window is full,
 * that is for as long as a client does not read, up to the container's write timeout. So every
 * connection has its own bounded buffer of {@value #BUFFER_CAPACITY} updates ({@link UpdateBuffer})
 * and its own writer thread ({@link LiveConnection}): {@link #publish} only adds the update to each
 * buffer and returns at once, and a write that blocks holds up that one connection.
 *
 * <p>An orchestrator's state is published whole ({@link #publishLatest}), so a newer one supersedes
 * the last: once more than {@value #REPLACE_ABOVE} updates wait for a connection, a new state takes
 * the place of that orchestrator's state still waiting. A page that lags behind a burst then gets the
 * newest states, not every step.
 *
 * <p>A connection that falls behind is dropped: when its buffer is full, or when a write to it has
 * been blocked for more than {@link #STALL_LIMIT}. Dropping it takes it out at once (later updates
 * skip it) and logs one line saying why; its writer completes the response as soon as the write in
 * progress returns. A blocked write returns when the server's write timeout ends it
 * ({@code server.tomcat.connection-timeout}), which frees the thread. The page's {@code EventSource}
 * reconnects on its own and reloads {@code /api/state}, so after a drop it shows the current state
 * again. Connections the client closes, or that reach {@link #CONNECTION_TIMEOUT}, end the same way.
 * Dropping a connection cancels nothing: jobs run on regardless.
 *
 * <p>At most {@value #MAX_CONNECTIONS} connections hold a writer thread at a time, dropped ones whose
 * write has not returned yet included; a client beyond that is asked to retry after {@link
 * #RETRY_WHEN_FULL}. This bounds the threads that stalled clients can hold.
 *
 * <p>Stops before the web server does, dropping every connection, so that graceful shutdown does not
 * wait for pages that never hang up. Thread-safe.
 */
@Component
public class LiveUpdates implements SmartLifecycle {

    /** How long one connection stays open; the browser reconnects on its own afterwards. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofMinutes(30);

    /**
     * Updates one connection may have waiting. A few seconds of the busiest load the sample sees
     * (about a thousand updates a second); a page that falls further behind is dropped and reloads.
     */
    static final int BUFFER_CAPACITY = 4096;

    /**
     * Updates waiting for one connection beyond which a new state of an orchestrator replaces its
     * state still waiting; below it, the page sees every step.
     */
    static final int REPLACE_ABOVE = 64;

    /** How long one write may stay blocked (the client does not read) before its connection is dropped. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(1);

    /** Connections with a writer thread at a time, dropped ones whose write has not returned included. */
    static final int MAX_CONNECTIONS = 32;

    /** How long a client refused for want of a free connection waits before it tries again. */
    static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(5);

    /** How long {@link #stop()} waits for the writers to complete their responses. */
    static final Duration STOP_WAIT = Duration.ofSeconds(1);

    /** Why a connection was dropped, as its log line says. */
    enum Drop {
        /** Its buffer was full. */
        FELL_BEHIND("it fell " + BUFFER_CAPACITY + " updates behind"),
        /** A write to it stayed blocked too long. */
        STALLED("a write to it has been blocked for more than " + STALL_LIMIT.toMillis() + " ms"),
        /** The client hung up, or a write to it failed. */
        CLIENT_GONE("the client went away"),
        /** It was open for {@link #CONNECTION_TIMEOUT}. */
        TIMED_OUT("it was open for " + CONNECTION_TIMEOUT.toMinutes() + " min"),
        /** The application is stopping. */
        STOPPING("the application is stopping");

        private final String why;

        Drop(String why) {
            this.why = why;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    private final Set<LiveConnection> connections = ConcurrentHashMap.newKeySet();
    private final Semaphore writers = new Semaphore(MAX_CONNECTIONS);
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicLongArray drops = new AtomicLongArray(Drop.values().length);
    private final LongSupplier nanoTime;
    private volatile boolean running;

    /** Creates the connection registry; Spring starts it with the application. */
    public LiveUpdates() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock that times writes, as {@link System#nanoTime()} (tests pass their own) */
    LiveUpdates(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Opens a connection that receives every later update.
     *
     * @param client names the client in log lines (its address)
     * @return the response to return from the controller
     */
    public SseEmitter connect(String client) {
        return connect(new SseEmitter(CONNECTION_TIMEOUT.toMillis()), client);
    }

    /** Opens a connection on the given emitter (tests pass emitters that stall). */
    SseEmitter connect(SseEmitter emitter, String client) {
        if (!running) {
            emitter.complete();
            return emitter;
        }
        if (!writers.tryAcquire()) {
            log.info(
                    "Refused a live-update connection from {}: all {} are in use; it retries in {} s",
                    client,
                    MAX_CONNECTIONS,
                    RETRY_WHEN_FULL.toSeconds());
            sendThenComplete(
                    emitter,
                    SseEmitter.event().reconnectTime(RETRY_WHEN_FULL.toMillis()).comment("busy"));
            return emitter;
        }
        LiveConnection connection = new LiveConnection(
                sequence.incrementAndGet() + " (" + client + ")",
                emitter,
                new UpdateBuffer(BUFFER_CAPACITY, REPLACE_ABOVE),
                nanoTime,
                failed -> drop(failed, Drop.CLIENT_GONE),
                writers::release);
        emitter.onCompletion(() -> drop(connection, Drop.CLIENT_GONE));
        emitter.onError(error -> drop(connection, Drop.CLIENT_GONE));
        emitter.onTimeout(() -> {
            drop(connection, Drop.TIMED_OUT);
            emitter.complete(); // here, or Spring MVC answers the timeout as an error
        });
        try {
            // Sent before the writer starts: tells the page it is live (and to reload the state).
            emitter.send(SseEmitter.event().name("hello").reconnectTime(1000).data("connected"));
        } catch (IOException ex) {
            writers.release();
            emitter.completeWithError(ex);
            return emitter;
        }
        connections.add(connection);
        connection.start();
        if (connection.isDropped()) { // ended while it was being added
            connections.remove(connection);
        }
        return emitter;
    }

    /**
     * Adds an update to the buffer of every open connection. Returns at once; drops the connections
     * that fell behind.
     *
     * @param name the event name the page listens for
     * @param data the payload, written as JSON
     */
    public void publish(String name, Object data) {
        publish(new UpdateBuffer.Update(name, null, data));
    }

    /**
     * Like {@link #publish}, for an update that supersedes the earlier ones with the same key (such as
     * an orchestrator's whole state): where more than {@value #REPLACE_ABOVE} updates wait for a
     * connection, it replaces the one with its key still waiting.
     *
     * @param name the event name the page listens for
     * @param key what the update is the newest state of
     * @param data the payload, written as JSON
     */
    public void publishLatest(String name, String key, Object data) {
        publish(new UpdateBuffer.Update(name, key, data));
    }

    private void publish(UpdateBuffer.Update update) {
        if (!running) {
            return;
        }
        long now = nanoTime.getAsLong();
        for (LiveConnection connection : connections) {
            if (connection.writeBlockedLongerThan(STALL_LIMIT, now)) {
                drop(connection, Drop.STALLED);
            } else if (!connection.offer(update)) {
                drop(connection, Drop.FELL_BEHIND);
            }
        }
    }

    /** @return the number of open connections (dropped ones are not counted) */
    public int connections() {
        return connections.size();
    }

    /** @return the open connections' names (a number and the client's address), as their log lines say */
    List<String> connectionNames() {
        return connections.stream().map(LiveConnection::toString).toList();
    }

    /** @return the writer threads alive: open connections plus dropped ones whose write has not returned */
    int writers() {
        return MAX_CONNECTIONS - writers.availablePermits();
    }

    /** @return how many connections were dropped for this reason */
    long drops(Drop reason) {
        return drops.get(reason.ordinal());
    }

    private void drop(LiveConnection connection, Drop reason) {
        if (!connection.markDropped(reason)) {
            return;
        }
        connections.remove(connection);
        drops.incrementAndGet(reason.ordinal());
        if (reason == Drop.FELL_BEHIND || reason == Drop.STALLED) {
            log.warn(
                    "Dropped live-update connection {}: {}; it reconnects and reloads the state",
                    connection,
                    reason.why);
        } else {
            log.debug("Closed live-update connection {}: {}", connection, reason.why);
        }
    }

    private static void sendThenComplete(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
            emitter.complete();
        } catch (IOException ex) {
            emitter.completeWithError(ex);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        List<LiveConnection> open = List.copyOf(connections);
        open.forEach(connection -> drop(connection, Drop.STOPPING));
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        try {
            for (LiveConnection connection : open) {
                // A writer blocked on a stalled client is left to the server's write timeout.
                connection.awaitFinished(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first, before the web server's graceful shutdown (which has a lower phase). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
