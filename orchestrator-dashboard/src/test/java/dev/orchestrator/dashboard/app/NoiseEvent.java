package dev.orchestrator.dashboard.app;

import dev.orchestrator.event.BaseEvent;

/** An application event that {@link NoiseOrchestrator} handles; a flood of it trips its breaker. */
public final class NoiseEvent extends BaseEvent {

    /** @param id the event's correlation id */
    public NoiseEvent(String id) {
        super(id);
    }
}
