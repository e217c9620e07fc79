package dev.orchestrator.test;

import dev.orchestrator.bus.Subscription;
import dev.orchestrator.orchestration.BaseOrchestrator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Records the states an orchestrator passes through, in the order its state listeners see them
 * (every state, in order: see {@link BaseOrchestrator#addStateListener}), and waits for one.
 *
 * <pre>{@code
 * try (StateRecorder<UploadState> states = StateRecorder.of(orchestrator)) {
 *     orchestrator.upload("a.txt");
 *     states.awaitState(UploadState::isDone);
 *     assertThat(states).passedThrough(UploadState.idle(), UploadState.uploading(0), UploadState.done());
 * }
 * }</pre>
 *
 * <p>Thread-safe. Waits give up after {@link EventRecorder#DEFAULT_TIMEOUT} unless
 * {@link #within} says otherwise, with an {@link AssertionError} listing the states seen.
 *
 * @param <S> the orchestrator's state type
 */
public final class StateRecorder<S> implements AutoCloseable {

    private final Object lock = new Object();
    private final List<S> states = new ArrayList<>();
    private final Subscription subscription;
    private volatile Duration timeout = EventRecorder.DEFAULT_TIMEOUT;

    private StateRecorder(BaseOrchestrator<S> orchestrator) {
        this.subscription = orchestrator.addStateListener(this::record);
    }

    /**
     * Starts recording an orchestrator's states, from its next state change on.
     *
     * @param orchestrator the orchestrator, not {@code null}
     * @param <S> its state type
     * @return a new recorder; {@link #close()} removes its listener
     */
    public static <S> StateRecorder<S> of(BaseOrchestrator<S> orchestrator) {
        return new StateRecorder<>(Objects.requireNonNull(orchestrator, "orchestrator must not be null"));
    }

    /**
     * Sets how long waits take at most.
     *
     * @param timeout the longest wait, positive
     * @return this recorder
     */
    public StateRecorder<S> within(Duration timeout) {
        this.timeout = Waits.positive(timeout);
        return this;
    }

    private void record(S state) {
        synchronized (lock) {
            states.add(state);
            lock.notifyAll();
        }
    }

    /** {@return the states recorded so far, in order} */
    public List<S> states() {
        synchronized (lock) {
            return List.copyOf(states);
        }
    }

    /**
     * Waits until a recorded state matches.
     *
     * @param matching what the state must satisfy
     * @return the first matching state
     * @throws AssertionError when none is recorded within the timeout
     */
    public S awaitState(Predicate<? super S> matching) {
        Objects.requireNonNull(matching, "matching must not be null");
        Waits.until(
                lock,
                () -> states.stream().anyMatch(matching),
                timeout,
                () -> "Waited " + timeout + " for a matching state; states seen: " + states);
        synchronized (lock) {
            return states.stream().filter(matching).findFirst().orElseThrow();
        }
    }

    /**
     * Waits until at least {@code count} states have been recorded.
     *
     * @param count how many, at least 1
     * @return the states recorded by then
     * @throws AssertionError when fewer are recorded within the timeout
     */
    public List<S> awaitStates(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        Waits.until(
                lock,
                () -> states.size() >= count,
                timeout,
                () -> "Waited " + timeout + " for " + count + " states; states seen: " + states);
        return states();
    }

    /** Removes the state listener; what was recorded stays readable. Idempotent. */
    @Override
    public void close() {
        subscription.unsubscribe();
    }

    @Override
    public String toString() {
        return "StateRecorder" + states();
    }
}
