package dev.orchestrator.orchestration;

import java.util.Locale;

/** How a job ended. Each outcome has exactly one terminal event. */
public enum JobOutcome {
    /** {@code process} returned: {@code JobSuccessEvent}. */
    SUCCESS,
    /** {@code process} failed and no retry was left or allowed: {@code JobFailureEvent}. */
    FAILURE,
    /** The job ran out of time: {@code JobTimeoutEvent}, then {@code JobFailureEvent}. */
    TIMEOUT,
    /** The job was cancelled: {@code JobCancelledEvent}. */
    CANCELLED;

    /** {@return the lower-case name, as used in metric tags ({@code success}, {@code failure}, ...)} */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
