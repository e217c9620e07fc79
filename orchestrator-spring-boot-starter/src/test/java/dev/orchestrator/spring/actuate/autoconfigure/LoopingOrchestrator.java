package dev.orchestrator.spring.actuate.autoconfigure;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;

/**
 * Test fixture: an orchestrator whose handler counts {@link ChattyEvent}s (so that a burst trips
 * its circuit breaker) and throws on {@link ExplodingEvent}.
 */
final class LoopingOrchestrator extends BaseOrchestrator<Integer> {

    LoopingOrchestrator(Dispatcher dispatcher, SignalBus bus) {
        super(0, dispatcher, bus);
        start();
    }

    @Override
    protected void onPassiveEvent(BaseEvent event) {
        if (event instanceof ExplodingEvent) {
            throw new IllegalStateException("handler failed on purpose");
        }
        if (event instanceof ChattyEvent) {
            emit(getState() + 1);
        }
    }

    /** Emitted in bursts, to trip the circuit breaker. */
    static final class ChattyEvent extends BaseEvent {
        ChattyEvent(String correlationId) {
            super(correlationId);
        }
    }

    /** Makes the handler throw. */
    static final class ExplodingEvent extends BaseEvent {
        ExplodingEvent(String correlationId) {
            super(correlationId);
        }
    }

    /** Property that limits {@link ChattyEvent} to one per second. */
    static final String CHATTY_LIMIT_OF_ONE =
            "orchestrator.circuit-breaker.type-limits[" + ChattyEvent.class.getName() + "]=1";
}
