package dev.orchestrator.sample.live;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.sample.modules.UserLoggedInEvent;
import java.time.Instant;

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
        long seq, String bus, String event, String job, String correlationId, String detail, Instant at) {

    static BusEntry of(long seq, String bus, BaseEvent event) {
        String job = event instanceof JobEvent ? ((JobEvent) event).jobType().getSimpleName() : null;
        return new BusEntry(
                seq,
                bus,
                event.getClass().getSimpleName(),
                job,
                event.correlationId(),
                detail(event),
                event.timestamp());
    }

    private static String detail(BaseEvent event) {
        if (event instanceof UserLoggedInEvent) {
            return "user " + ((UserLoggedInEvent) event).user();
        }
        if (event instanceof JobSuccessEvent) {
            return String.valueOf(((JobSuccessEvent) event).data());
        }
        if (event instanceof JobFailureEvent) {
            return String.valueOf(((JobFailureEvent) event).error().getMessage());
        }
        return null;
    }
}
