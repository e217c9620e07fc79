package dev.orchestrator.kafka;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of what one instance's transport did since it started; read by the starter's
 * {@code orchestrator.cluster.*} meters. Thread-safe; counts only grow.
 */
public final class ClusterStats {

    final AtomicLong published = new AtomicLong();
    final AtomicLong taken = new AtomicLong();
    final AtomicLong redelivered = new AtomicLong();
    final AtomicLong duplicateEndings = new AtomicLong();
    final AtomicLong orphanEvents = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong released = new AtomicLong();
    final AtomicLong deliveryLimitFailures = new AtomicLong();
    final AtomicLong stoppedConsumers = new AtomicLong();

    ClusterStats() {}

    /** {@return jobs this instance wrote to the jobs topic} */
    public long published() {
        return published.get();
    }

    /** {@return jobs this instance took from the share group (each delivery counts)} */
    public long taken() {
        return taken.get();
    }

    /** {@return of those taken, the deliveries after the first (an instance before stopped without ending it)} */
    public long redelivered() {
        return redelivered.get();
    }

    /** {@return endings dropped because the job had already ended here (a job that ran twice)} */
    public long duplicateEndings() {
        return duplicateEndings.get();
    }

    /** {@return job events for jobs no dispatcher here waits for (dispatched before this instance restarted)} */
    public long orphanEvents() {
        return orphanEvents.get();
    }

    /** {@return records rejected as unreadable (garbage, bad JSON, a class not on the allow-list, too large)} */
    public long rejected() {
        return rejected.get();
    }

    /** {@return jobs handed back to the share group (shutdown, no executor here, a full pool)} */
    public long released() {
        return released.get();
    }

    /**
     * {@return job consumers whose thread ended on an error (their jobs went back to the share group);
     * 0 while all take jobs}
     */
    public long stoppedConsumers() {
        return stoppedConsumers.get();
    }

    /** {@return jobs ended as failed because they reached the delivery limit} */
    public long deliveryLimitFailures() {
        return deliveryLimitFailures.get();
    }
}
