package dev.orchestrator.test;

import dev.orchestrator.job.BaseJob;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/**
 * Assertions about the jobs a {@link FakeDispatcher} recorded. Made by
 * {@link OrchestratorAssertions#assertThat(FakeDispatcher)}; reads a copy taken when it was made.
 * Not thread-safe (one test thread).
 */
public final class DispatchedAssert extends AbstractAssert<DispatchedAssert, List<BaseJob>> {

    DispatchedAssert(FakeDispatcher fake) {
        super(Objects.requireNonNull(fake, "fake must not be null").dispatched(), DispatchedAssert.class);
    }

    private String names() {
        return actual.stream().map(j -> j.getClass().getSimpleName()).collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * Checks that at least one job of that type was dispatched.
     *
     * @param type the job class, subclasses included
     * @return this
     */
    public DispatchedAssert hasDispatched(Class<? extends BaseJob> type) {
        if (actual.stream().noneMatch(type::isInstance)) {
            failWithMessage(
                    "Expected a %s to be dispatched, but the dispatched jobs were %s", type.getSimpleName(), names());
        }
        return this;
    }

    /**
     * Checks that exactly {@code count} jobs of that type were dispatched.
     *
     * @param type the job class, subclasses included
     * @param count how many
     * @return this
     */
    public DispatchedAssert hasDispatched(Class<? extends BaseJob> type, int count) {
        long found = actual.stream().filter(type::isInstance).count();
        if (found != count) {
            failWithMessage(
                    "Expected %d %s to be dispatched, but %d were: %s", count, type.getSimpleName(), found, names());
        }
        return this;
    }

    /** {@return this, after checking that no job was dispatched} */
    public DispatchedAssert hasDispatchedNothing() {
        if (!actual.isEmpty()) {
            failWithMessage("Expected no job to be dispatched, but these were: %s", names());
        }
        return this;
    }

    /** {@return AssertJ's list assertions on the dispatched jobs, for anything else} */
    public ListAssert<BaseJob> jobs() {
        return Assertions.assertThat(actual);
    }
}
