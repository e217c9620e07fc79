package dev.orchestrator.test;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/**
 * Assertions about the states a {@link StateRecorder} recorded. Made by
 * {@link OrchestratorAssertions#assertThat(StateRecorder)}. Not thread-safe (one test thread); it
 * reads a copy of the states taken when it was made.
 *
 * @param <S> the state type
 */
public final class StatesAssert<S> extends AbstractAssert<StatesAssert<S>, List<S>> {

    @SuppressWarnings("unchecked") // the self type of a generic assert
    StatesAssert(StateRecorder<S> recorder) {
        super(Objects.requireNonNull(recorder, "recorder must not be null").states(), (Class<StatesAssert<S>>)
                (Class<?>) StatesAssert.class);
    }

    /**
     * Checks that the orchestrator passed through these states in this order, others allowed in
     * between ({@link Objects#equals}).
     *
     * @param states the states, in order
     * @return this
     */
    @SafeVarargs
    public final StatesAssert<S> passedThrough(S... states) {
        int next = 0;
        for (S state : actual) {
            if (next < states.length && Objects.equals(states[next], state)) {
                next++;
            }
        }
        if (next < states.length) {
            failWithMessage(
                    "Expected the states to pass through %s in this order, but they were %s",
                    Arrays.asList(states), actual);
        }
        return this;
    }

    /**
     * Checks that the last state recorded is this one.
     *
     * @param state the expected last state
     * @return this
     */
    public StatesAssert<S> endedIn(S state) {
        if (actual.isEmpty() || !Objects.equals(actual.get(actual.size() - 1), state)) {
            failWithMessage("Expected the last state to be %s, but the states were %s", state, actual);
        }
        return this;
    }

    /** {@return AssertJ's list assertions on the states, for anything else} */
    public ListAssert<S> states() {
        return Assertions.assertThat(actual);
    }
}
