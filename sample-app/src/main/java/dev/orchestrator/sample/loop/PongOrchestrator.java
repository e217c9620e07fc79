package dev.orchestrator.sample.loop;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.sample.Buses;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** Answers every {@link PingEvent} with a {@link PongEvent}: the other half of the feedback loop. */
@Component
public class PongOrchestrator extends BaseOrchestrator<LoopState> {

    /**
     * @param dispatcher the dispatcher (for the configuration and the trip log)
     * @param bus the loop bus
     */
    public PongOrchestrator(Dispatcher dispatcher, @Qualifier(Buses.LOOP) SignalBus bus) {
        super(LoopState.initial("PongOrchestrator"), dispatcher, bus);
    }

    @Override
    protected void onPassiveEvent(BaseEvent event) {
        if (event instanceof PingEvent ping) {
            bus().emit(new PongEvent(ping.correlationId(), ping.round()));
            emit(getState().answered(ping.correlationId(), ping.round()));
        }
    }
}
