package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * How far a running job has come. Immutable.
 *
 * <p>{@link #progress()} is always within {@code 0.0..1.0}: values outside are clamped, NaN is
 * rejected. The message and the steps are optional.
 */
public final class JobProgressEvent extends JobEvent {

    private final double progress;
    private final @Nullable String message;
    private final @Nullable Integer currentStep;
    private final @Nullable Integer totalSteps;

    /**
     * Creates the event, checking its values.
     *
     * @param correlationId the job's id
     * @param jobType the job's class
     * @param progress fraction done; clamped to {@code 0.0..1.0}
     * @param message what is happening, or {@code null}
     * @param currentStep the step being reported, {@code 0..totalSteps}, or {@code null}
     * @param totalSteps the number of steps, at least 1, or {@code null}
     * @throws IllegalArgumentException when {@code progress} is NaN or the steps are out of range
     */
    public JobProgressEvent(
            String correlationId,
            Class<? extends BaseJob> jobType,
            double progress,
            @Nullable String message,
            @Nullable Integer currentStep,
            @Nullable Integer totalSteps) {
        super(correlationId, jobType);
        this.progress = clamp(progress);
        this.message = message;
        validateSteps(currentStep, totalSteps);
        this.currentStep = currentStep;
        this.totalSteps = totalSteps;
    }

    /**
     * Clamps a progress value to {@code 0.0..1.0}.
     *
     * @param progress the value
     * @return the clamped value
     * @throws IllegalArgumentException when {@code progress} is NaN
     */
    public static double clamp(double progress) {
        if (Double.isNaN(progress)) {
            throw new IllegalArgumentException("progress must be a number between 0.0 and 1.0, was NaN");
        }
        return Math.max(0.0, Math.min(1.0, progress));
    }

    private static void validateSteps(@Nullable Integer currentStep, @Nullable Integer totalSteps) {
        if (totalSteps != null && totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be >= 1, was " + totalSteps);
        }
        if (currentStep != null && currentStep < 0) {
            throw new IllegalArgumentException("currentStep must be >= 0, was " + currentStep);
        }
        if (currentStep != null && totalSteps != null && currentStep > totalSteps) {
            throw new IllegalArgumentException(
                    "currentStep must be <= totalSteps (" + totalSteps + "), was " + currentStep);
        }
    }

    /** {@return the fraction done, within {@code 0.0..1.0}} */
    public double progress() {
        return progress;
    }

    /** {@return what is happening, if the executor said} */
    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    /** {@return the step being reported, if the executor counts steps} */
    public OptionalInt currentStep() {
        return currentStep == null ? OptionalInt.empty() : OptionalInt.of(currentStep);
    }

    /** {@return the number of steps, if the executor counts steps} */
    public OptionalInt totalSteps() {
        return totalSteps == null ? OptionalInt.empty() : OptionalInt.of(totalSteps);
    }

    @Override
    protected String describe() {
        return "progress=" + progress + (message != null ? ", message=" + message : "")
                + (currentStep != null ? ", currentStep=" + currentStep : "")
                + (totalSteps != null ? ", totalSteps=" + totalSteps : "");
    }
}
