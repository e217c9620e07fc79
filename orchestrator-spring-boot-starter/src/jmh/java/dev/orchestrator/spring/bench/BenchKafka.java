package dev.orchestrator.spring.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The broker of a benchmark fork, and the client settings that the orchestrator's transport and the
 * bare Kafka baselines share.
 *
 * <p>The broker: the one named by the system property {@value #BROKER_PROPERTY} (host:port;
 * {@code docs/run_cluster_benchmarks.sh} starts {@link BenchBroker} in a JVM of its own and passes
 * it to every fork with {@code -jvmArgsAppend}), or else an embedded KRaft broker started in this
 * JVM. Every trial works on topics and a share group with a prefix of its own.
 */
final class BenchKafka {

    /** The system property naming an external broker. */
    static final String BROKER_PROPERTY = "bench.kafka";

    /** Partitions of every topic: the transport's default ({@code orchestrator.cluster.partitions}). */
    static final int PARTITIONS = 6;

    /** Records one share consumer takes per poll: the transport's default, {@code record_limit}. */
    static final int MAX_POLL_RECORDS = 5;

    private static EmbeddedKafkaKraftBroker embedded;

    private BenchKafka() {}

    /** {@return the bootstrap servers: the external broker, or one started in this JVM} */
    static synchronized String bootstrapServers() {
        String external = System.getProperty(BROKER_PROPERTY, "").trim();
        if (!external.isEmpty()) {
            return external;
        }
        EmbeddedKafkaKraftBroker broker = embedded;
        if (broker == null) {
            broker = BenchBroker.start();
            embedded = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(BenchKafka::stopEmbedded, "bench-kafka-stop"));
        }
        return broker.getBrokersAsString();
    }

    /** Stops the broker started in this JVM, if any (at the end of a trial: one trial per fork). */
    static synchronized void stopEmbedded() {
        if (embedded != null) {
            embedded.destroy();
            embedded = null;
        }
    }

    /** {@return a topic prefix of its own for one trial} */
    static String prefix(String what) {
        return "bench." + what + "." + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    /** {@return the admin client settings} */
    static Map<String, Object> common(String servers) {
        Map<String, Object> common = new HashMap<>();
        common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        return common;
    }

    /**
     * The system property with the producers' {@code linger.ms}: 0 unless set (Kafka 4's default is
     * 5, which a Spring Boot application gets unless it sets {@code spring.kafka.producer.properties.linger.ms}).
     */
    static final String LINGER_PROPERTY = "bench.linger.ms";

    /**
     * {@return producer settings: linger.ms 0 (or {@value #LINGER_PROPERTY}), the rest Kafka's
     * defaults (acks=all, idempotence on)}, for the transport's producers and the baselines' alike
     */
    static Map<String, Object> producer(String servers) {
        Map<String, Object> producer = common(servers);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, Integer.getInteger(LINGER_PROPERTY, 0));
        return producer;
    }

    /** {@return plain consumer settings: no auto commit, the rest Kafka's defaults} */
    static Map<String, Object> consumer(String servers) {
        Map<String, Object> consumer = common(servers);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return consumer;
    }

    /** Creates topics of {@link #PARTITIONS} partitions and replication 1. */
    static void createTopics(String servers, List<String> topics) {
        try (Admin admin = Admin.create(common(servers))) {
            admin.createTopics(topics.stream()
                            .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1))
                            .toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException("Could not create " + topics, ex);
        }
    }

    /** Sets {@code share.auto.offset.reset=earliest} on a share group, as the transport does. */
    static void earliest(String servers, String group) {
        try (Admin admin = Admin.create(common(servers))) {
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.GROUP, group),
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException("Could not configure share group " + group, ex);
        }
    }
}
