package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;
import java.lang.invoke.MethodType;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A job ended with a result: terminal. Immutable (the result itself should be too). */
public final class JobSuccessEvent extends JobEvent {

    private final @Nullable Object data;

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
    }

    /** {@return what {@code process} returned; may be {@code null}} */
    public @Nullable Object data() {
        return data;
    }

    /**
     * The result as the given type, if it is one (seed 5.7 "safe data casting"). Never throws:
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
        return "data=" + data;
    }
}
