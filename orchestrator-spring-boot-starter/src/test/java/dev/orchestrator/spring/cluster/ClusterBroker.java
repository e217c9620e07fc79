package dev.orchestrator.spring.cluster;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One embedded KRaft broker (spring-kafka-test) for the cluster tests of this JVM, started on first
 * use and stopped when the JVM exits; each test uses topics and a share group of its own. Short
 * record locks, so that a lock test takes seconds.
 */
final class ClusterBroker {

    private static EmbeddedKafkaKraftBroker broker;

    private ClusterBroker() {}

    static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 1);
            started.brokerProperties(Map.of(
                    "share.coordinator.state.topic.replication.factor", "1",
                    "share.coordinator.state.topic.min.isr", "1",
                    "group.share.min.record.lock.duration.ms", "1000",
                    "group.share.record.lock.duration.ms", "3000"));
            started.afterPropertiesSet();
            broker = started;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "embedded-kafka-stop"));
        }
        return broker.getBrokersAsString();
    }
}
