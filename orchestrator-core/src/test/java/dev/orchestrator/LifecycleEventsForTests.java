package dev.orchestrator;

import dev.orchestrator.bus.BusMonitor;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;

/**
 * Lets a test emit lifecycle events straight onto a bus, as only the framework may: for tests of the
 * bus itself (terminal events are never dropped, ...), which need job events without running jobs.
 */
public final class LifecycleEventsForTests {

    private LifecycleEventsForTests() {}

    /** {@return the bus, which from now on takes lifecycle events from anyone} */
    public static SignalBus allowedOn(SignalBus bus) {
        bus.monitor(new BusMonitor() {
            @Override
            public void onEmit(SignalBus on, BaseEvent event) {}

            @Override
            public boolean vouchesFor(SignalBus on, JobEvent event) {
                return true;
            }
        });
        return bus;
    }
}
