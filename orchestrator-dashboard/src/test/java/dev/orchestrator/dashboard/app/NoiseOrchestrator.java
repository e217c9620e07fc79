package dev.orchestrator.dashboard.app;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import org.springframework.stereotype.Component;

/** Counts the {@link NoiseEvent}s its circuit breaker lets through. */
@Component
public class NoiseOrchestrator extends BaseOrchestrator<Integer> {

    /** @param dispatcher the dispatcher, whose global bus it listens to */
    public NoiseOrchestrator(Dispatcher dispatcher) {
        super(0, dispatcher);
    }

    @Override
    protected void onPassiveEvent(BaseEvent event) {
        if (event instanceof NoiseEvent) {
            updateState(count -> count + 1);
        }
    }
}
