package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;
import java.lang.invoke.MethodType;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A job ended with a result: terminal. Immutable (the result itself should be too). */
public final class JobSuccessEvent extends JobEvent {

    private final @Nullable Object data;
    private final boolean dataDropped;

    /**
     * Creates the event.
     *
     * @param correlationId the job's id
     * @param jobType the job's class
     * @param data what {@code process} returned, or {@code null}
     */
    public JobSuccessEvent(String correlationId, Class<? extends BaseJob> jobType, @Nullable Object data) {
        super(correlationId, jobType);
        this.data = data;
        this.dataDropped = false;
    }

    private JobSuccessEvent(JobSuccessEvent original) {
        super(original);
        this.data = null;
        this.dataDropped = true;
    }

    /**
     * {@return what {@code process} returned; may be {@code null}, also when {@link #isDataDropped()}}
     */
    public @Nullable Object data() {
        return data;
    }

    /**
     * {@return whether the bus dropped the result for this subscriber: it had fallen behind, so the
     * ending reached it without the result, which may be large (see {@code SignalBus})}
     */
    public boolean isDataDropped() {
        return dataDropped;
    }

    /**
     * {@return this ending without its result: same job, type and time, {@code data()} {@code null}
     * and {@link #isDataDropped()} {@code true}. What a bus queues for a subscriber that has fallen
     * behind, so that it keeps every ending without keeping every result}
     */
    public JobSuccessEvent withoutData() {
        return dataDropped ? this : new JobSuccessEvent(this);
    }

    /**
     * The result as the given type, if it is one ("safe data casting"). Never throws:
     * a {@code null} result, a result of another type or a {@code null} type all give an empty
     * optional. A primitive type matches its wrapper ({@code dataAs(int.class)} finds an
     * {@code Integer}).
     *
     * @param type the expected type
     * @param <T> the expected type
     * @return the result cast to {@code type}, or empty
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> dataAs(@Nullable Class<T> type) {
        if (type == null) {
            return Optional.empty();
        }
        Class<?> expected =
                type.isPrimitive() ? MethodType.methodType(type).wrap().returnType() : type;
        return expected.isInstance(data) ? Optional.of((T) data) : Optional.empty();
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    @Override
    protected String describe() {
        return dataDropped ? "data dropped" : "data=" + data;
    }
}
