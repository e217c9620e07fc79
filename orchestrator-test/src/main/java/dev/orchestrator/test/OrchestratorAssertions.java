package dev.orchestrator.test;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.job.BaseJob;
import org.assertj.core.api.Assertions;
import org.jspecify.annotations.Nullable;

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
     * {@return assertions about one event: its kind, data, correlation id, error, progress or timeout}
     *
     * @param event the event
     */
    public static EventAssert assertThat(@Nullable BaseEvent event) {
        return new EventAssert(event);
    }

    /**
     * {@return assertions about a job (the command): type, id, timeout, token, retry policy}
     *
     * @param job the job
     */
    public static JobAssert assertThat(@Nullable BaseJob job) {
        return new JobAssert(job);
    }

    /**
     * {@return assertions about the jobs a {@link FakeDispatcher} recorded}
     *
     * @param fake the fake dispatcher, not {@code null}
     */
    public static DispatchedAssert assertThat(FakeDispatcher fake) {
        return new DispatchedAssert(fake);
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
