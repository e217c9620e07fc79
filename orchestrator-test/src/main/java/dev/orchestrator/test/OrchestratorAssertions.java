package dev.orchestrator.test;

import org.assertj.core.api.Assertions;

/**
 * AssertJ entry points for orchestrator tests; import them statically next to (or instead of)
 * AssertJ's own: {@code assertThat(events).job(id).succeeded()}. For any other type these
 * overloads defer to AssertJ's {@link Assertions} through Java's overload resolution: statically
 * importing both is fine.
 *
 * <p>Thread-safe (stateless).
 */
public final class OrchestratorAssertions {

    private OrchestratorAssertions() {}

    /**
     * {@return assertions about the events an {@link EventRecorder} recorded}
     *
     * @param recorder the recorder, not {@code null}
     */
    public static RecorderAssert assertThat(EventRecorder recorder) {
        return new RecorderAssert(recorder);
    }

    /**
     * {@return assertions about the states a {@link StateRecorder} recorded}
     *
     * @param states the recorder, not {@code null}
     * @param <S> the state type
     */
    public static <S> StatesAssert<S> assertThat(StateRecorder<S> states) {
        return new StatesAssert<>(states);
    }
}
