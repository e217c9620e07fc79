package dev.orchestrator.test;

import dev.orchestrator.orchestration.BaseOrchestrator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A declarative test of one orchestrator, in the style of the original framework's
 * {@code orchestratorTest} (and {@code blocTest}): build it, act on it, wait, expect the states it
 * passed through, verify anything else.
 *
 * <pre>{@code
 * OrchestratorHarness.of(() -> new CounterOrchestrator(dispatcher, bus))
 *         .act(counter -> counter.add(2))
 *         .expectStates(1, 2)
 *         .verify(counter -> assertThat(counter.isJobTypeRunning(AddJob.class)).isFalse())
 *         .run();
 * }</pre>
 *
 * <p>{@link #run()} builds the orchestrator (starting it if its constructor did not), records its
 * states from then on, calls {@code act}, waits until as many states as expected were recorded
 * (within the timeout, 10 s unless set), waits until its bus is idle (so a late extra state would
 * be seen), checks the states are exactly those expected, in order, calls {@code verify}, and closes
 * the orchestrator. Not thread-safe: build and run it on the test's thread.
 *
 * @param <O> the orchestrator type
 * @param <S> its state type
 */
public final class OrchestratorHarness<O extends BaseOrchestrator<S>, S> {

    private final Supplier<O> build;
    private Consumer<? super O> act = o -> {};
    private @Nullable List<S> expected;
    private Consumer<? super O> verify = o -> {};
    private Duration timeout = EventRecorder.DEFAULT_TIMEOUT;

    private OrchestratorHarness(Supplier<O> build) {
        this.build = build;
    }

    /**
     * Starts a harness.
     *
     * @param build makes the orchestrator under test (with its dispatcher and bus)
     * @param <O> the orchestrator type
     * @param <S> its state type
     * @return a new harness
     */
    public static <O extends BaseOrchestrator<S>, S> OrchestratorHarness<O, S> of(Supplier<O> build) {
        return new OrchestratorHarness<>(Objects.requireNonNull(build, "build must not be null"));
    }

    /**
     * Sets what the test does to the orchestrator.
     *
     * @param act calls on the orchestrator (dispatching jobs, say)
     * @return this
     */
    public OrchestratorHarness<O, S> act(Consumer<? super O> act) {
        this.act = Objects.requireNonNull(act, "act must not be null");
        return this;
    }

    /**
     * Sets the states the orchestrator must pass through after {@code act}, exactly and in order.
     *
     * @param states the expected states ({@link Object#equals})
     * @return this
     */
    @SafeVarargs
    public final OrchestratorHarness<O, S> expectStates(S... states) {
        this.expected = new ArrayList<>(Arrays.asList(states));
        return this;
    }

    /**
     * Sets more checks, run after the states were checked.
     *
     * @param verify assertions about the orchestrator
     * @return this
     */
    public OrchestratorHarness<O, S> verify(Consumer<? super O> verify) {
        this.verify = Objects.requireNonNull(verify, "verify must not be null");
        return this;
    }

    /**
     * Sets how long {@link #run()} waits for the expected states and for the bus to be idle.
     *
     * @param timeout the longest wait, positive
     * @return this
     */
    public OrchestratorHarness<O, S> within(Duration timeout) {
        this.timeout = Waits.positive(timeout);
        return this;
    }

    /**
     * Runs the test: build, act, wait, expect, verify, close.
     *
     * @return the states recorded, for further checks
     * @throws AssertionError when a check fails or a wait runs out
     */
    public List<S> run() {
        O orchestrator = build.get();
        try (StateRecorder<S> states = StateRecorder.of(orchestrator).within(timeout)) {
            if (!orchestrator.isStarted()) {
                orchestrator.start();
            }
            act.accept(orchestrator);
            List<S> wanted = expected;
            if (wanted != null && !wanted.isEmpty()) {
                states.awaitStates(wanted.size());
            }
            awaitIdle(orchestrator);
            List<S> seen = states.states();
            if (wanted != null && !seen.equals(wanted)) {
                throw new AssertionError("Expected the states " + wanted + ", in this order, but they were " + seen);
            }
            verify.accept(orchestrator);
            return seen;
        } finally {
            orchestrator.close();
        }
    }

    private void awaitIdle(O orchestrator) {
        try {
            if (!orchestrator.bus().awaitIdle(timeout)) {
                throw new AssertionError("The bus of " + orchestrator.name() + " was still busy after " + timeout);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the bus", ex);
        }
    }
}
