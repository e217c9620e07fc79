package dev.orchestrator.kafka;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.job.BaseJob;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link KafkaJobTransport} needs to know besides the Kafka connection. The Spring Boot
 * starter builds it from {@code orchestrator.cluster.*}; the defaults are listed there. Immutable.
 *
 * @param instanceId this instance's id in the cluster: unique per running instance (a new one per
 *     start), 1 to 100 characters of letters, digits, {@code . _ - :}
 * @param topicPrefix prefix of the four topics ({@code jobs}, {@code events}, {@code shared},
 *     {@code control}), not blank
 * @param shareGroup the share group that takes jobs, not blank
 * @param partitions partitions of the topics created at startup, at least 1
 * @param replication replication factor of the topics created at startup, at least 1
 * @param concurrency share consumers (polling threads) taking jobs on this instance; 0 for an
 *     instance that only dispatches (its jobs run on the others)
 * @param maxPollRecords jobs one consumer takes at a time, at least 1 (jobs running here at most:
 *     {@code concurrency × maxPollRecords})
 * @param deliveryLimit how many times a job may be delivered; the next delivery ends it with a
 *     failure instead of running it; 1 to 9 (below the broker's {@code group.share.delivery.count.limit},
 *     5 by default: keep it at most that minus one)
 * @param lockRenewal how often the records of running jobs are renewed, positive and well below the
 *     broker's record lock duration ({@code group.share.record.lock.duration.ms}, 30 s by default)
 * @param maxRecordSize the largest record read or written, in bytes, at least 1,024
 * @param cancelRetention how long a cancel of a job nobody has taken yet is remembered, positive
 * @param sharedEvents application event types shared with every instance's global bus; no job
 *     lifecycle events
 * @param allowedTypes job types allowed on the wire besides those of the registered executors
 */
public record ClusterSettings(
        String instanceId,
        String topicPrefix,
        String shareGroup,
        int partitions,
        short replication,
        int concurrency,
        int maxPollRecords,
        int deliveryLimit,
        Duration lockRenewal,
        int maxRecordSize,
        Duration cancelRetention,
        Set<Class<? extends BaseEvent>> sharedEvents,
        Set<Class<? extends BaseJob>> allowedTypes) {

    /** Defaults: see the starter's {@code orchestrator.cluster.*} properties. */
    public static final String DEFAULT_TOPIC_PREFIX = "orchestrator.";

    /** The default share group. */
    public static final String DEFAULT_SHARE_GROUP = "orchestrator-jobs";

    /**
     * Checks every value (see the class description for each).
     *
     * @param instanceId this instance's id
     * @param topicPrefix prefix of the topics
     * @param shareGroup the share group
     * @param partitions partitions of topics created at startup
     * @param replication replication factor of topics created at startup
     * @param concurrency share consumers taking jobs here, 0 for none
     * @param maxPollRecords jobs one consumer takes at a time
     * @param deliveryLimit deliveries before the next one fails the job
     * @param lockRenewal how often records of running jobs are renewed
     * @param maxRecordSize the largest record, in bytes
     * @param cancelRetention how long a cancel is remembered
     * @param sharedEvents application event types shared with every instance
     * @param allowedTypes job types allowed besides the executors'
     * @throws IllegalArgumentException naming the first bad value and what would be valid
     */
    public ClusterSettings {
        Objects.requireNonNull(instanceId, "instanceId must not be null");
        Objects.requireNonNull(topicPrefix, "topicPrefix must not be null");
        Objects.requireNonNull(shareGroup, "shareGroup must not be null");
        Objects.requireNonNull(lockRenewal, "lockRenewal must not be null");
        Objects.requireNonNull(cancelRetention, "cancelRetention must not be null");
        sharedEvents = Set.copyOf(Objects.requireNonNull(sharedEvents, "sharedEvents must not be null"));
        allowedTypes = Set.copyOf(Objects.requireNonNull(allowedTypes, "allowedTypes must not be null"));
        if (!instanceId.matches("[A-Za-z0-9._:-]{1,100}")) {
            throw new IllegalArgumentException("instanceId must be 1 to 100 letters, digits or . _ - :, was '"
                    + WireFormat.shorten(instanceId) + "'");
        }
        if (!topicPrefix.matches("[A-Za-z0-9._-]{0,200}")) {
            throw new IllegalArgumentException("topicPrefix must be letters, digits or . _ - (a Kafka topic name),"
                    + " was '" + WireFormat.shorten(topicPrefix) + "'");
        }
        if (shareGroup.isBlank()) {
            throw new IllegalArgumentException("shareGroup must not be blank");
        }
        positive("partitions", partitions);
        positive("replication", replication);
        if (concurrency < 0) {
            throw new IllegalArgumentException(
                    "concurrency must be at least 0 (0: this instance takes no jobs), was " + concurrency);
        }
        positive("maxPollRecords", maxPollRecords);
        if (deliveryLimit < 1 || deliveryLimit > 9) {
            throw new IllegalArgumentException("deliveryLimit must be 1 to 9 (deliveries before a job ends as failed;"
                    + " keep it below the broker's group.share.delivery.count.limit), was " + deliveryLimit);
        }
        if (lockRenewal.isNegative() || lockRenewal.isZero()) {
            throw new IllegalArgumentException("lockRenewal must be positive, was " + lockRenewal);
        }
        if (maxRecordSize < 1_024) {
            throw new IllegalArgumentException("maxRecordSize must be at least 1024 bytes, was " + maxRecordSize);
        }
        if (cancelRetention.isNegative() || cancelRetention.isZero()) {
            throw new IllegalArgumentException("cancelRetention must be positive, was " + cancelRetention);
        }
        for (Class<? extends BaseEvent> type : sharedEvents) {
            if (JobEvent.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("sharedEvents must name application events, not job lifecycle"
                        + " events (they come home on their own), was " + type.getName());
            }
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }

    /**
     * {@return settings with the defaults and this instance id}
     *
     * @param instanceId this instance's id
     */
    public static ClusterSettings defaults(String instanceId) {
        return new ClusterSettings(
                instanceId,
                DEFAULT_TOPIC_PREFIX,
                DEFAULT_SHARE_GROUP,
                6,
                (short) 1,
                2,
                5,
                4,
                Duration.ofSeconds(10),
                1_048_576,
                Duration.ofDays(1),
                Set.of(),
                Set.of());
    }

    /** {@return the topic of jobs waiting to be taken} */
    public String jobsTopic() {
        return topicPrefix + "jobs";
    }

    /** {@return the topic of job events on their way home, partitioned by dispatching instance} */
    public String eventsTopic() {
        return topicPrefix + "events";
    }

    /** {@return the topic of shared application events, partitioned by publishing instance} */
    public String sharedTopic() {
        return topicPrefix + "shared";
    }

    /** {@return the compacted topic of cancels, keyed by job id} */
    public String controlTopic() {
        return topicPrefix + "control";
    }
}
