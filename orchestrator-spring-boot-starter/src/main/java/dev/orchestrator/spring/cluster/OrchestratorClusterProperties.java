package dev.orchestrator.spring.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Cluster mode, under {@code orchestrator.cluster.*}: several instances of the application share
 * jobs, job events, shared application events and cancels through Apache Kafka (add
 * {@code orchestrator-kafka}; the connection comes from {@code spring.kafka.*}). Values are checked
 * when the context starts; an invalid one fails startup naming the property.
 */
@ConfigurationProperties("orchestrator.cluster")
public class OrchestratorClusterProperties {

    /** Creates the properties with their defaults. */
    public OrchestratorClusterProperties() {}

    /** Whether jobs run in the cluster (through Kafka) instead of in this JVM. */
    private boolean enabled;

    /**
     * This instance's id in the cluster; unique per running instance. Default: host name, process id
     * and a random suffix, new at each start.
     */
    private @Nullable String instanceId;

    /** Prefix of the topics, to which jobs, events, shared and control are appended. */
    private String topicPrefix = "orchestrator.";

    /** The Kafka share group that takes jobs; instances of one application share it. */
    private String shareGroup = "orchestrator-jobs";

    /** Partitions of the topics created at startup (existing topics are kept as they are). */
    private int partitions = 6;

    /** Replication factor of the topics created at startup. */
    private short replication = 1;

    /** Share consumers taking jobs on this instance; 0 for an instance that only dispatches. */
    private int concurrency = 2;

    /**
     * Jobs one consumer takes at a time: at most concurrency × max-poll-records jobs run here at
     * once.
     */
    private int maxPollRecords = 5;

    /**
     * Deliveries of a job before the next one ends it as failed instead of running it (an instance
     * that had it stopped before it ended, each time); keep it below the broker's
     * group.share.delivery.count.limit (5 by default).
     */
    private int deliveryLimit = 4;

    /**
     * How often the records of running jobs are renewed; well below the broker's record lock
     * duration (group.share.record.lock.duration.ms, 30 s by default).
     */
    private Duration lockRenewal = Duration.ofSeconds(10);

    /** Largest record written or read: a larger job is refused at dispatch, a larger record rejected. */
    private DataSize maxRecordSize = DataSize.ofMegabytes(1);

    /** How long a cancel of a job that no instance has taken yet is remembered. */
    private Duration cancelRetention = Duration.ofDays(1);

    /**
     * Application event classes shared with every instance: emitted on one instance's global bus,
     * they are emitted on every other instance's global bus too (in order per publisher). Other
     * events stay local.
     */
    private List<String> sharedEvents = new ArrayList<>();

    /**
     * Job classes allowed on the wire besides those of this instance's executors (for jobs this
     * instance only passes on).
     */
    private List<String> allowedTypes = new ArrayList<>();

    /** {@return whether jobs run in the cluster} */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether jobs run in the cluster.
     *
     * @param enabled whether jobs run in the cluster
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@return this instance's id, or {@code null} for a generated one} */
    public @Nullable String getInstanceId() {
        return instanceId;
    }

    /**
     * Sets this instance's id.
     *
     * @param instanceId the id, or {@code null} for a generated one
     */
    public void setInstanceId(@Nullable String instanceId) {
        this.instanceId = instanceId;
    }

    /** {@return the prefix of the topics} */
    public String getTopicPrefix() {
        return topicPrefix;
    }

    /**
     * Sets the prefix of the topics.
     *
     * @param topicPrefix the prefix
     */
    public void setTopicPrefix(String topicPrefix) {
        this.topicPrefix = topicPrefix;
    }

    /** {@return the share group that takes jobs} */
    public String getShareGroup() {
        return shareGroup;
    }

    /**
     * Sets the share group that takes jobs.
     *
     * @param shareGroup the group
     */
    public void setShareGroup(String shareGroup) {
        this.shareGroup = shareGroup;
    }

    /** {@return partitions of the topics created at startup} */
    public int getPartitions() {
        return partitions;
    }

    /**
     * Sets the partitions of the topics created at startup.
     *
     * @param partitions the partitions
     */
    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    /** {@return the replication factor of the topics created at startup} */
    public short getReplication() {
        return replication;
    }

    /**
     * Sets the replication factor of the topics created at startup.
     *
     * @param replication the replication factor
     */
    public void setReplication(short replication) {
        this.replication = replication;
    }

    /** {@return share consumers taking jobs on this instance} */
    public int getConcurrency() {
        return concurrency;
    }

    /**
     * Sets the share consumers taking jobs on this instance.
     *
     * @param concurrency the consumers; 0 for none
     */
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    /** {@return jobs one consumer takes at a time} */
    public int getMaxPollRecords() {
        return maxPollRecords;
    }

    /**
     * Sets the jobs one consumer takes at a time.
     *
     * @param maxPollRecords the jobs
     */
    public void setMaxPollRecords(int maxPollRecords) {
        this.maxPollRecords = maxPollRecords;
    }

    /** {@return deliveries of a job before the next one ends it as failed} */
    public int getDeliveryLimit() {
        return deliveryLimit;
    }

    /**
     * Sets the deliveries of a job before the next one ends it as failed.
     *
     * @param deliveryLimit the deliveries
     */
    public void setDeliveryLimit(int deliveryLimit) {
        this.deliveryLimit = deliveryLimit;
    }

    /** {@return how often the records of running jobs are renewed} */
    public Duration getLockRenewal() {
        return lockRenewal;
    }

    /**
     * Sets how often the records of running jobs are renewed.
     *
     * @param lockRenewal the interval
     */
    public void setLockRenewal(Duration lockRenewal) {
        this.lockRenewal = lockRenewal;
    }

    /** {@return the largest record written or read} */
    public DataSize getMaxRecordSize() {
        return maxRecordSize;
    }

    /**
     * Sets the largest record written or read.
     *
     * @param maxRecordSize the size
     */
    public void setMaxRecordSize(DataSize maxRecordSize) {
        this.maxRecordSize = maxRecordSize;
    }

    /** {@return how long a cancel of a job nobody took yet is remembered} */
    public Duration getCancelRetention() {
        return cancelRetention;
    }

    /**
     * Sets how long a cancel of a job nobody took yet is remembered.
     *
     * @param cancelRetention the time
     */
    public void setCancelRetention(Duration cancelRetention) {
        this.cancelRetention = cancelRetention;
    }

    /** {@return the application event classes shared with every instance} */
    public List<String> getSharedEvents() {
        return sharedEvents;
    }

    /**
     * Sets the application event classes shared with every instance.
     *
     * @param sharedEvents fully qualified class names
     */
    public void setSharedEvents(List<String> sharedEvents) {
        this.sharedEvents = sharedEvents;
    }

    /** {@return job classes allowed on the wire besides those of this instance's executors} */
    public List<String> getAllowedTypes() {
        return allowedTypes;
    }

    /**
     * Sets the job classes allowed on the wire besides those of this instance's executors.
     *
     * @param allowedTypes fully qualified class names
     */
    public void setAllowedTypes(List<String> allowedTypes) {
        this.allowedTypes = allowedTypes;
    }
}
