package dev.orchestrator.sample.live;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open live-update connection: a bounded buffer of updates ({@link UpdateBuffer}) and a writer
 * thread of its own that writes them to the client in order.
 *
 * <p>Only the writer thread writes to the emitter and completes it. {@link SseEmitter#send} holds the
 * emitter's lock while it writes, and on a servlet container a write blocks while the client's TCP
 * window is full; so a client that stops reading holds up this writer alone, and no other thread
 * ever waits for its lock.
 *
 * <p>Thread-safe: {@link #offer}, {@link #writeBlockedLongerThan} and {@link #markDropped} may be
 * called from any thread.
 */
final class LiveConnection {

    private static final long NOT_WRITING = Long.MIN_VALUE;

    private final String name;
    private final SseEmitter emitter;
    private final UpdateBuffer buffer;
    private final LongSupplier nanoTime;
    private final Consumer<LiveConnection> onWriteFailed;
    private final Runnable onFinished;
    private final Thread writer;
    private final AtomicReference<LiveUpdates.@Nullable Drop> dropped = new AtomicReference<>();

    /** {@link #nanoTime} when the write in progress began, or {@link #NOT_WRITING}. */
    private volatile long writeStartedAt = NOT_WRITING;

    /**
     * @param name names the connection in log lines and its writer thread
     * @param emitter the response it writes to
     * @param buffer where its updates wait
     * @param nanoTime the clock that times writes, as {@link System#nanoTime()}
     * @param onWriteFailed called on the writer thread when a write fails (the client went away)
     * @param onFinished called on the writer thread once, as it ends, after it completed the response
     */
    LiveConnection(
            String name,
            SseEmitter emitter,
            UpdateBuffer buffer,
            LongSupplier nanoTime,
            Consumer<LiveConnection> onWriteFailed,
            Runnable onFinished) {
        this.name = name;
        this.emitter = emitter;
        this.buffer = buffer;
        this.nanoTime = nanoTime;
        this.onWriteFailed = onWriteFailed;
        this.onFinished = onFinished;
        this.writer = new Thread(this::writeUntilDropped, "live-updates-" + name);
        this.writer.setDaemon(true);
    }

    /** Starts the writer thread. */
    void start() {
        writer.start();
    }

    /**
     * Adds the update to the buffer. Never waits.
     *
     * @return false if the buffer is full
     */
    boolean offer(UpdateBuffer.Update update) {
        return buffer.offer(update);
    }

    /** @return whether the write in progress began more than {@code limit} before {@code nowNanos} */
    boolean writeBlockedLongerThan(Duration limit, long nowNanos) {
        long started = writeStartedAt;
        return started != NOT_WRITING && nowNanos - started > limit.toNanos();
    }

    /**
     * Marks the connection dropped: the writer writes nothing more, and completes the response as soon
     * as the write in progress (if any) returns. Returns at once.
     *
     * @return true for the one call that dropped it, false if it already was
     */
    boolean markDropped(LiveUpdates.Drop reason) {
        if (!dropped.compareAndSet(null, reason)) {
            return false;
        }
        buffer.close();
        return true;
    }

    boolean isDropped() {
        return dropped.get() != null;
    }

    /** @return whether the writer ended within {@code timeout} */
    boolean awaitFinished(Duration timeout) throws InterruptedException {
        writer.join(Math.max(1, timeout.toMillis()));
        return !writer.isAlive();
    }

    private void writeUntilDropped() {
        try {
            for (UpdateBuffer.Update update = buffer.take(); update != null; update = buffer.take()) {
                write(update);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt(); // nothing interrupts it; if something does, the connection ends
            onWriteFailed.accept(this);
        } finally {
            try {
                emitter.complete(); // ignored by the emitter if a write failed or the container ended it
            } catch (RuntimeException alreadyEnded) {
                // nothing left to complete
            }
            onFinished.run();
        }
    }

    private void write(UpdateBuffer.Update update) {
        writeStartedAt = nanoTime.getAsLong();
        try {
            emitter.send(SseEmitter.event().name(update.name()).data(update.data(), MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException ex) {
            onWriteFailed.accept(this);
        } finally {
            writeStartedAt = NOT_WRITING;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
