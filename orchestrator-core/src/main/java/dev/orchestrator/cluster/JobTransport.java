package dev.orchestrator.cluster;

/**
 * Carries jobs between the instances of a cluster: what a {@link dev.orchestrator.orchestration.Dispatcher}
 * in cluster mode talks to instead of its pool. An implementation takes jobs from the cluster and
 * runs them through the dispatcher's
 * {@linkplain dev.orchestrator.orchestration.Dispatcher#clusterWorker cluster worker} (with
 * {@link dev.orchestrator.orchestration.Dispatcher#execute(JobTicket, int,
 * dev.orchestrator.bus.SignalBus)}; not on the clustered dispatcher itself, whose registry holds the
 * waiting copy of each job it dispatched), and brings each job's events back to the instance that
 * dispatched it through {@link ClusterHome}.
 *
 * <p>Implementations are thread-safe: dispatches and cancels come from any thread.
 */
public interface JobTransport {

    /**
     * Called once by the dispatcher being built with this transport, before its first dispatch: from
     * then on the transport delivers the events of jobs this instance dispatches to {@code home}.
     *
     * @param home where the events of this instance's jobs go, not {@code null}
     */
    void open(ClusterHome home);

    /**
     * {@return this instance's id in the cluster: what {@link JobTicket#origin()} names, and what
     * events name as the instance that ran a job}
     */
    String instanceId();

    /**
     * Hands a job to the cluster and returns at once. When the job cannot be handed over after this
     * method returned (the transport failed to store it), the transport ends it through
     * {@link ClusterHome#deliver} with a failure: a job never vanishes.
     *
     * @param ticket the job and its settings, not {@code null}
     * @throws IllegalArgumentException when the job cannot be written (for example it does not
     *     serialize); nothing was sent
     * @throws java.util.concurrent.RejectedExecutionException when the transport is closed
     */
    void send(JobTicket ticket);

    /**
     * Asks the cluster to cancel a job, wherever it runs or waits: a running job is cancelled there
     * and ends with its {@code JobCancelledEvent}; a job not taken yet is cancelled without running.
     * Returns at once; the ending reaches the dispatching instance like any other.
     *
     * @param jobId the job's id, not {@code null}
     */
    void cancel(String jobId);
}
