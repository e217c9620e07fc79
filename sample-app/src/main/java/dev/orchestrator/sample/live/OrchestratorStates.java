package dev.orchestrator.sample.live;

import dev.orchestrator.bus.Subscription;
import dev.orchestrator.orchestration.BaseOrchestrator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Every orchestrator's state: pushed to the page by a state listener on each orchestrator at every
 * change (event {@code state}; a newer state may replace one still waiting for a page that lags, see
 * {@link LiveUpdates#publishLatest}), and read whole when the page loads.
 */
@Component
public class OrchestratorStates implements DisposableBean {

    private final List<BaseOrchestrator<?>> orchestrators;
    private final List<Subscription> listeners = new ArrayList<>();

    /**
     * @param orchestrators the application's orchestrators
     * @param live where changes are pushed
     */
    public OrchestratorStates(List<BaseOrchestrator<?>> orchestrators, LiveUpdates live) {
        this.orchestrators = List.copyOf(orchestrators);
        for (BaseOrchestrator<?> orchestrator : this.orchestrators) {
            String name = orchestrator.name();
            listeners.add(orchestrator.addStateListener(
                    state -> live.publishLatest("state", name, new StateUpdate(name, state))));
        }
    }

    /** @return each orchestrator's current state, by orchestrator name */
    public Map<String, Object> snapshot() {
        Map<String, Object> states = new LinkedHashMap<>();
        for (BaseOrchestrator<?> orchestrator : orchestrators) {
            states.put(orchestrator.name(), orchestrator.getState());
        }
        return states;
    }

    @Override
    public void destroy() {
        listeners.forEach(Subscription::unsubscribe);
    }
}
