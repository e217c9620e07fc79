package dev.orchestrator.spring.cluster;

import dev.orchestrator.kafka.ClusterSettings;
import dev.orchestrator.kafka.ClusterStats;
import dev.orchestrator.kafka.KafkaJobTransport;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.orchestration.JobSnapshot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;

/** The {@link ClusterView} of a {@link KafkaJobTransport}. */
final class KafkaClusterView implements ClusterView, DisposableBean {

    private final KafkaJobTransport transport;
    private final KafkaAdmin admin;
    private @Nullable Admin client;

    KafkaClusterView(KafkaJobTransport transport, KafkaAdmin admin) {
        this.transport = transport;
        this.admin = admin;
    }

    @Override
    public String instanceId() {
        return transport.instanceId();
    }

    @Override
    public Map<String, String> topics() {
        ClusterSettings settings = transport.settings();
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("jobs", settings.jobsTopic());
        topics.put("events", settings.eventsTopic());
        topics.put("shared", settings.sharedTopic());
        topics.put("control", settings.controlTopic());
        return topics;
    }

    @Override
    public String shareGroup() {
        return transport.settings().shareGroup();
    }

    @Override
    public boolean isTakingJobs() {
        return transport.isTakingJobs();
    }

    @Override
    public List<JobSnapshot> runningHere() {
        return transport.workerRegistry().map(JobRegistry::runningJobs).orElse(List.of());
    }

    @Override
    public Map<String, Long> counts() {
        ClusterStats stats = transport.stats();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("published", stats.published());
        counts.put("taken", stats.taken());
        counts.put("redelivered", stats.redelivered());
        counts.put("released", stats.released());
        counts.put("duplicate-endings", stats.duplicateEndings());
        counts.put("orphan-events", stats.orphanEvents());
        counts.put("rejected", stats.rejected());
        counts.put("delivery-limit-failures", stats.deliveryLimitFailures());
        return counts;
    }

    @Override
    public boolean isKafkaReachable(Duration timeout) {
        try {
            return admin().describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception ex) {
            return false;
        }
    }

    private synchronized Admin admin() {
        Admin current = client;
        if (current == null) {
            current = Admin.create(admin.getConfigurationProperties());
            client = current;
        }
        return current;
    }

    @Override
    public synchronized void destroy() {
        Admin current = client;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
            client = null;
        }
    }
}
