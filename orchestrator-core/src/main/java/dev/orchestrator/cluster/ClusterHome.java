package dev.orchestrator.cluster;

import dev.orchestrator.event.JobEvent;

/**
 * Where a {@link JobTransport} delivers the events of jobs this instance dispatched: the dispatcher
 * emits each one on the bus the job was dispatched on, as if the job ran here. Thread-safe; the
 * events of one job must be delivered in the order they were emitted, by one thread at a time.
 */
public interface ClusterHome {

    /** What became of a delivered event. */
    enum Delivery {
        /** Emitted on the job's bus. */
        APPLIED,
        /**
         * Dropped: the job already ended here (a second ending after a job ran twice, or an event that
         * followed an ending), or it already started (the start of a job delivered again after the
         * instance that had it stopped).
         */
        DUPLICATE,
        /**
         * Dropped: no job with that id is waiting here (dispatched by an earlier run of this instance,
         * or ended so long ago that it is forgotten).
         */
        UNKNOWN
    }

    /**
     * Delivers one event of a job this instance dispatched. Exactly one terminal event is applied per
     * job; whatever arrives after it is a {@link Delivery#DUPLICATE}.
     *
     * @param event the event, not {@code null}
     * @param attempt the attempt the event belongs to on the instance that ran the job (0 before the
     *     first)
     * @param instance the id of the instance that ran the job, not {@code null}
     * @return what became of it
     */
    Delivery deliver(JobEvent event, int attempt, String instance);
}
