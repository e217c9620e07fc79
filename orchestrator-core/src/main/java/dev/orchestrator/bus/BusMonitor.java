package dev.orchestrator.bus;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;

/**
 * Sees every event emitted on a bus, synchronously on the emitting thread: the hook that the job
 * registry (and through it metrics) uses to count events per bus without being a subscriber.
 *
 * <p>Implementations must be thread-safe, fast and must not throw (exceptions are logged and
 * ignored). Register with {@link SignalBus#monitor(BusMonitor)}.
 */
public interface BusMonitor {

    /**
     * Called for every event emitted on an open bus, before it is queued for subscribers.
     *
     * @param bus the bus
     * @param event the event
     */
    void onEmit(SignalBus bus, BaseEvent event);

    /**
     * Called once when the bus is closed. Does nothing by default.
     *
     * @param bus the bus
     */
    default void onClose(SignalBus bus) {}

    /**
     * Whether this monitor vouches that a lifecycle event being emitted is genuine: emitted by the
     * framework for a job it runs. {@link SignalBus#emit} refuses a {@link JobEvent} that no monitor
     * of the bus vouches for, so that application code cannot forge a job's ending. The job registry
     * vouches for the events of its jobs; nothing else should. {@code false} by default.
     *
     * @param bus the bus
     * @param event the lifecycle event being emitted
     * @return {@code true} to let it through
     */
    default boolean vouchesFor(SignalBus bus, JobEvent event) {
        return false;
    }
}
