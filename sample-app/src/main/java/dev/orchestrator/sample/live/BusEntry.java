package dev.orchestrator.sample.live;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.sample.modules.UserLoggedInEvent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One event as a subscriber of one bus received it.
 *
 * @param seq the order in which the bus log received it
 * @param bus the bus that carried it
 * @param event the event's type
 * @param job the job type, for job events; otherwise {@code null}
 * @param correlationId the event's correlation id
 * @param detail a short description, or {@code null}
 * @param at when the event was created
 */
public record BusEntry(
        long seq,
        String bus,
        String event,
        @Nullable String job,
        String correlationId,
        @Nullable String detail,
        Instant at) {

    static BusEntry of(long seq, String bus, BaseEvent event) {
        String job = event instanceof JobEvent jobEvent ? jobEvent.jobType().getSimpleName() : null;
        return new BusEntry(
                seq,
                bus,
                event.getClass().getSimpleName(),
                job,
                event.correlationId(),
                detail(event),
                event.timestamp());
    }

    private static @Nullable String detail(BaseEvent event) {
        if (event instanceof UserLoggedInEvent login) {
            return "user " + login.user();
        }
        if (event instanceof JobSuccessEvent success) {
            return String.valueOf(success.data());
        }
        if (event instanceof JobFailureEvent failure) {
            return String.valueOf(failure.error().getMessage());
        }
        return null;
    }
}
