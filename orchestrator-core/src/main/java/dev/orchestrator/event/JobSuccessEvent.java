package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;
import java.util.Optional;

/** A job ended with a result: terminal. Immutable (the result itself should be too). */
public final class JobSuccessEvent extends JobEvent {

    private final Object data;

    /**
     * @param correlationId the job's id
     * @param jobType the job's class
     * @param data what {@code process} returned, or {@code null}
     */
    public JobSuccessEvent(String correlationId, Class<? extends BaseJob> jobType, Object data) {
        super(correlationId, jobType);
        this.data = data;
    }

    /** @return what {@code process} returned; may be {@code null} */
    public Object data() {
        return data;
    }

    /**
     * The result as the given type, if it is one (seed 5.7 "safe data casting"). Never throws:
     * a {@code null} result, a result of another type or a {@code null} type all give an empty
     * optional.
     *
     * @param type the expected type
     * @param <T> the expected type
     * @return the result cast to {@code type}, or empty
     */
    public <T> Optional<T> dataAs(Class<T> type) {
        if (type == null || !type.isInstance(data)) {
            return Optional.empty();
        }
        return Optional.of(type.cast(data));
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
