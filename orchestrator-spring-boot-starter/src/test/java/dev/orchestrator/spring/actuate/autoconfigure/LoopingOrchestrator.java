package dev.orchestrator.spring.actuate.autoconfigure;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;

/**
 * Test fixture: an orchestrator whose handler counts {@link ChattyEvent}s (so that a burst trips
 * its circuit breaker) and throws on {@link ExplodingEvent}. Public: the health and metrics
 * auto-configuration tests use it from their own packages.
 */
public final class LoopingOrchestrator extends BaseOrchestrator<Integer> {

    /**
     * Creates and starts the orchestrator on {@code bus}.
     *
     * @param dispatcher the dispatcher
     * @param bus the bus it listens on
     */
    public LoopingOrchestrator(Dispatcher dispatcher, SignalBus bus) {
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
    public static final class ChattyEvent extends BaseEvent {
        public ChattyEvent(String correlationId) {
            super(correlationId);
        }
    }

    /** Makes the handler throw. */
    public static final class ExplodingEvent extends BaseEvent {
        public ExplodingEvent(String correlationId) {
            super(correlationId);
        }
    }

    /** Property that limits {@link ChattyEvent} to one per second. */
    public static final String CHATTY_LIMIT_OF_ONE =
            "orchestrator.circuit-breaker.type-limits[" + ChattyEvent.class.getName() + "]=1";
}
