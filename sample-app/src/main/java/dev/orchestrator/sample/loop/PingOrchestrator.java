package dev.orchestrator.sample.loop;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.sample.Buses;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Starts the feedback loop and answers every {@link PongEvent} with the next {@link PingEvent}:
 * together with {@link PongOrchestrator} an endless loop, until the circuit breaker stops
 * passing more than the limit of one event type per second to the handlers.
 */
@Component
public class PingOrchestrator extends BaseOrchestrator<LoopState> {

    /**
     * @param dispatcher the dispatcher (for the configuration and the trip log)
     * @param bus the loop bus
     */
    public PingOrchestrator(Dispatcher dispatcher, @Qualifier(Buses.LOOP) SignalBus bus) {
        super(LoopState.initial("PingOrchestrator"), dispatcher, bus);
    }

    /** @return the new loop's id, after sending its first ping */
    public String startLoop() {
        String loopId = UUID.randomUUID().toString();
        bus().emit(new PingEvent(loopId, 1));
        return loopId;
    }

    @Override
    protected void onPassiveEvent(BaseEvent event) {
        if (event instanceof PongEvent pong) {
            bus().emit(new PingEvent(pong.correlationId(), pong.round() + 1));
            emit(getState().answered(pong.correlationId(), pong.round()));
        }
    }
}
