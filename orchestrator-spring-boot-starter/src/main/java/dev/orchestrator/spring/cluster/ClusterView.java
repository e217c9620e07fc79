package dev.orchestrator.spring.cluster;

import dev.orchestrator.orchestration.JobSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the actuator endpoint, health and metrics show of cluster mode, without a Kafka type: the
 * starter's cluster auto-configuration provides it when cluster mode is on. Thread-safe.
 */
public interface ClusterView {

    /** {@return this instance's id in the cluster} */
    String instanceId();

    /** {@return the topics by role: {@code jobs}, {@code events}, {@code shared}, {@code control}} */
    Map<String, String> topics();

    /** {@return the share group that takes jobs} */
    String shareGroup();

    /** {@return whether this instance takes jobs now (started, not stopping)} */
    boolean isTakingJobs();

    /** {@return the jobs this instance took from the cluster and runs now} */
    List<JobSnapshot> runningHere();

    /**
     * {@return counts since start, by name: {@code published}, {@code taken}, {@code redelivered},
     * {@code released}, {@code duplicate-endings}, {@code orphan-events}, {@code rejected},
     * {@code delivery-limit-failures}}
     */
    Map<String, Long> counts();

    /**
     * {@return whether the Kafka cluster answers within {@code timeout}}
     *
     * @param timeout how long to wait for an answer
     */
    boolean isKafkaReachable(Duration timeout);
}
