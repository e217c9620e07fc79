package dev.orchestrator.orchestration;

import dev.orchestrator.event.BaseEvent;
import java.time.Instant;

/**
 * One trip of an orchestrator's circuit breaker: events of one type arrived faster than
 * the limit allows, and the rest of that one-second window is dropped. Immutable.
 *
 * @param orchestrator the name of the orchestrator
 * @param eventType the event type that went over its limit
 * @param count events of that type counted in the window at the moment it tripped (the limit plus
 *     one: the rest of the window is dropped without counting)
 * @param limit the limit per second that applied
 * @param at when it tripped
 */
public record CircuitBreakerTrip(
        String orchestrator, Class<? extends BaseEvent> eventType, int count, int limit, Instant at) {}
