package dev.orchestrator.sample.live;

import dev.orchestrator.orchestration.CircuitBreakerTrip;
import java.time.Instant;

/**
 * One circuit-breaker trip, as the page shows it.
 *
 * @param orchestrator the orchestrator whose breaker tripped
 * @param eventType the simple name of the event type that went over its limit
 * @param count events of that type in the window when it tripped
 * @param limit the limit per second
 * @param at when it tripped
 */
public record TripView(String orchestrator, String eventType, int count, int limit, Instant at) {

    /**
     * @param trip a trip from the job registry's trip log
     * @return its view
     */
    public static TripView of(CircuitBreakerTrip trip) {
        return new TripView(
                trip.orchestrator(), trip.eventType().getSimpleName(), trip.count(), trip.limit(), trip.at());
    }
}
