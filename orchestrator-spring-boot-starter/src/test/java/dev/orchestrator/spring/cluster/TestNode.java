package dev.orchestrator.spring.cluster;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.kafka.ClusterSettings;
import dev.orchestrator.kafka.KafkaJobTransport;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.json.OrchestratorJacksonModule;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.json.JsonMapper;

/**
 * One "instance" of a cluster inside the test JVM: its own global bus, dispatcher and Kafka
 * transport, on the shared embedded broker. Records what the transport logs.
 */
final class TestNode implements AutoCloseable {

    static final JsonMapper MAPPER =
            JsonMapper.builder().addModule(new OrchestratorJacksonModule()).build();

    final String id;
    final SignalBus global;
    final KafkaJobTransport transport;
    final Dispatcher dispatcher;
    final List<String> log = new CopyOnWriteArrayList<>();

    TestNode(String id, ClusterSettings settings) {
        this(id, settings, ClusterBroker.bootstrapServers());
    }

    /** A node on a broker of the caller's (a real broker process, say). */
    TestNode(String id, ClusterSettings settings, String servers) {
        this.id = id;
        OrchestratorLogger logger = (level, message, error) -> {
            if (level.compareTo(LogLevel.DEBUG) > 0) {
                log.add(level + " " + message);
                org.slf4j.LoggerFactory.getLogger("cluster-test." + id).info("{} {}", level, message, error);
            }
        };
        this.global = SignalBus.builder(SignalBus.GLOBAL_NAME).logger(logger).build();
        Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        Map<String, Object> producer = new HashMap<>(common);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        Map<String, Object> consumer = new HashMap<>(common);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.transport = new KafkaJobTransport(
                settings,
                MAPPER,
                new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), new ByteArraySerializer()),
                new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(), new ByteArrayDeserializer()),
                new DefaultShareConsumerFactory<>(
                        new HashMap<>(common), new StringDeserializer(), new ByteArrayDeserializer(), true),
                new KafkaAdmin(new HashMap<>(common)),
                logger);
        OrchestratorConfig config = OrchestratorConfig.custom().logger(logger).build();
        this.dispatcher = Dispatcher.builder()
                .config(config)
                .defaultBus(global)
                .transport(transport)
                .build();
    }

    static ClusterSettings settings(String instance, String prefix, int concurrency) {
        return settings(instance, prefix, concurrency, 4, Set.of());
    }

    static ClusterSettings settings(
            String instance,
            String prefix,
            int concurrency,
            int deliveryLimit,
            Set<Class<? extends BaseEvent>> shared) {
        return new ClusterSettings(
                instance,
                prefix,
                prefix + "group",
                3,
                (short) 1,
                concurrency,
                5,
                deliveryLimit,
                Duration.ofMillis(1000),
                1_048_576,
                Duration.ofHours(1),
                shared,
                Set.of());
    }

    TestNode register(BaseExecutor<?> executor) {
        dispatcher.register(executor);
        return this;
    }

    TestNode start() {
        transport.start(dispatcher, global);
        return this;
    }

    @Override
    public void close() {
        transport.close();
        dispatcher.shutdown(Duration.ZERO);
        global.close();
    }
}
