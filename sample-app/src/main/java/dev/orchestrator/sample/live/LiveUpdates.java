package dev.orchestrator.sample.live;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open Server-Sent-Events connections of the page, and the one thread that writes to them.
 *
 * <p>{@link #publish} only queues the update, so the bus's delivery threads (where orchestrator
 * state listeners and bus subscribers run) never wait for a slow or vanished browser. A connection
 * that fails to take an update is dropped; a connection that ends (completion, timeout, error)
 * removes itself. Dropping a connection cancels nothing: jobs run on regardless.
 *
 * <p>Stops before the web server does, completing every connection, so that graceful shutdown
 * does not wait for pages that never hang up. Thread-safe.
 */
@Component
public class LiveUpdates implements SmartLifecycle, DisposableBean {

    /** How long one connection stays open; the browser reconnects on its own afterwards. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofMinutes(30);

    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "live-updates");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    /** @return a new connection that receives every later update */
    public SseEmitter connect() {
        SseEmitter emitter = new SseEmitter(CONNECTION_TIMEOUT.toMillis());
        if (!running) {
            emitter.complete();
            return emitter;
        }
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(emitter::complete);
        emitter.onError(error -> emitters.remove(emitter));
        try {
            // Sent before the connection is shared with the sender thread: tells the page it is live.
            emitter.send(SseEmitter.event().name("hello").reconnectTime(1000).data("connected"));
        } catch (IOException ex) {
            emitter.completeWithError(ex);
            return emitter;
        }
        emitters.add(emitter);
        return emitter;
    }

    /**
     * Queues an update for every open connection. Returns at once.
     *
     * @param name the event name the page listens for
     * @param data the payload, written as JSON
     */
    public void publish(String name, Object data) {
        if (!running) {
            return;
        }
        try {
            sender.execute(() -> sendToAll(name, data));
        } catch (RejectedExecutionException ignored) {
            // shutting down: nobody is listening any more
        }
    }

    /** @return the number of open connections */
    public int connections() {
        return emitters.size();
    }

    @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a concurrent set: removing while iterating is safe
    private void sendToAll(String name, Object data) {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException ex) {
                emitters.remove(emitter); // the page went away; its jobs go on
            }
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        for (SseEmitter emitter : emitters) {
            emitter.complete();
        }
        emitters.clear();
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

    @Override
    public void destroy() {
        sender.shutdownNow();
    }
}
