package dev.orchestrator.cancellation;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A one-way switch that tells a job it is no longer wanted.
 *
 * <p>Cancellation is explicit only: nothing cancels a token because a caller went away. Give a
 * token to a job ({@code JobOptions.builder().cancellationToken(token)}) and call
 * {@link #cancel()} when the user presses Cancel or a newer request replaces the job.
 *
 * <p>Guarantees, all of them under concurrent use from any number of threads:
 * <ul>
 *   <li>{@link #cancel()} is idempotent: only the first call has an effect;</li>
 *   <li>each listener registered with {@link #onCancel(Runnable)} runs exactly once, on the thread
 *       that cancels, in registration order; the list is cleared afterwards;</li>
 *   <li>{@code onCancel} on an already cancelled token runs the listener at once, on the calling
 *       thread, even when it races with {@code cancel()} on another thread;</li>
 *   <li>a listener removed with {@link Registration#unregister()} before the token is cancelled
 *       never runs.</li>
 * </ul>
 * A listener that throws does not stop the others; {@code cancel()} rethrows the first such
 * exception after all listeners ran, with the rest added as suppressed exceptions.
 */
public final class CancellationToken {

    private static final Registration ALREADY_RAN = () -> {};

    private volatile boolean cancelled;
    // Listeners in registration order, as an intrusive doubly-linked list: registering and
    // unregistering allocate nothing but the listener itself, and unregistering is O(1) also when
    // thousands of jobs share one token. Guarded by this token's monitor rather than a separate
    // lock object, since a token is usually made per job; the monitor is held only to link and
    // unlink, never while a callback runs. Detached whole by cancel().
    private @Nullable Listener first;
    private @Nullable Listener last;

    /** Creates a token that is not cancelled. */
    public CancellationToken() {}

    /** {@return {@code true} once {@link #cancel()} has been called} */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Cancels the token and runs every registered listener once. Later calls do nothing.
     *
     * @throws RuntimeException the first exception thrown by a listener, after all listeners ran
     * @throws Error the first error thrown by a listener, after all listeners ran
     */
    public void cancel() {
        @Nullable Listener toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = first;
            first = null;
            last = null;
        }
        // Once cancelled, remove() leaves the links alone: the detached chain is stable.
        Throwable failure = null;
        for (Listener listener = toRun; listener != null; listener = listener.next) {
            try {
                listener.callback.run();
            } catch (Throwable ex) {
                if (failure == null) {
                    failure = ex;
                } else {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new UndeclaredThrowableException(failure);
        }
    }

    /**
     * Registers a callback to run when the token is cancelled. When the token is already cancelled
     * the callback runs at once on the calling thread.
     *
     * @param callback what to run, not {@code null}
     * @return a registration whose {@code unregister()} removes the callback; a no-op when the
     *     callback already ran
     * @throws NullPointerException when {@code callback} is {@code null}
     */
    public Registration onCancel(Runnable callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        Listener listener = new Listener(this, callback);
        synchronized (this) {
            if (!cancelled) {
                listener.linked = true;
                listener.prev = last;
                if (last == null) {
                    first = listener;
                } else {
                    last.next = listener;
                }
                last = listener;
                return listener;
            }
        }
        callback.run();
        return ALREADY_RAN;
    }

    /**
     * Throws when the token is cancelled, so that long work can stop at a safe point.
     *
     * @throws CancelledException when {@link #isCancelled()} is {@code true}
     */
    public void throwIfCancelled() {
        if (cancelled) {
            throw new CancelledException();
        }
    }

    private void remove(Listener listener) {
        synchronized (this) {
            if (cancelled || !listener.linked) {
                return;
            }
            listener.linked = false;
            if (listener.prev == null) {
                first = listener.next;
            } else {
                listener.prev.next = listener.next;
            }
            if (listener.next == null) {
                last = listener.prev;
            } else {
                listener.next.prev = listener.prev;
            }
            listener.prev = null;
            listener.next = null;
        }
    }

    @Override
    public String toString() {
        return "CancellationToken[cancelled=" + cancelled + "]";
    }

    /**
     * One registration, also its own handle: the same callback registered twice is two
     * registrations. Links and flag guarded by the token's monitor.
     */
    private static final class Listener implements Registration {
        final CancellationToken token;
        final Runnable callback;

        @Nullable
        Listener prev;

        @Nullable
        Listener next;

        boolean linked;

        Listener(CancellationToken token, Runnable callback) {
            this.token = token;
            this.callback = callback;
        }

        @Override
        public void unregister() {
            token.remove(this);
        }
    }
}
