package dev.orchestrator.spring.bench;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.kafka.ClusterSettings;
import dev.orchestrator.kafka.KafkaJobTransport;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.json.OrchestratorJacksonModule;
import java.time.Duration;
import java.util.Set;
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
 * One instance of a cluster inside the benchmark JVM, wired as the starter wires one: its own global
 * bus, dispatcher and Kafka transport (its own producer, inbox consumer and share consumers), Jackson
 * with the orchestrator's module. Runs {@link NoOpJob}s.
 */
final class BenchNode implements AutoCloseable {

    static final JsonMapper MAPPER =
            JsonMapper.builder().addModule(new OrchestratorJacksonModule()).build();

    final SignalBus global;
    final KafkaJobTransport transport;
    final Dispatcher dispatcher;

    /**
     * @param servers the broker
     * @param prefix the trial's topic prefix (its share group is {@code <prefix>group})
     * @param name this instance's id
     * @param concurrency share consumers taking jobs here; 0 for an instance that only dispatches
     */
    BenchNode(String servers, String prefix, String name, int concurrency) {
        this(servers, prefix, name, concurrency, new NoOpExecutor());
    }

    /**
     * @param executor what runs the no-op jobs here
     */
    BenchNode(String servers, String prefix, String name, int concurrency, BaseExecutor<NoOpJob> executor) {
        OrchestratorLogger logger = (level, message, error) -> {
            if (level.compareTo(LogLevel.INFO) > 0) {
                System.err.println("[" + name + "] " + level + " " + message + (error == null ? "" : ": " + error));
            }
        };
        ClusterSettings settings = new ClusterSettings(
                name,
                prefix,
                prefix + "group",
                BenchKafka.PARTITIONS,
                (short) 1,
                concurrency,
                BenchKafka.MAX_POLL_RECORDS,
                4,
                Duration.ofSeconds(10),
                1_048_576,
                Duration.ofDays(1),
                Set.of(),
                Set.of());
        this.global = SignalBus.builder(SignalBus.GLOBAL_NAME).logger(logger).build();
        this.transport = new KafkaJobTransport(
                settings,
                MAPPER,
                new DefaultKafkaProducerFactory<>(
                        BenchKafka.producer(servers), new StringSerializer(), new ByteArraySerializer()),
                new DefaultKafkaConsumerFactory<>(
                        BenchKafka.consumer(servers), new StringDeserializer(), new ByteArrayDeserializer()),
                new DefaultShareConsumerFactory<>(
                        BenchKafka.common(servers), new StringDeserializer(), new ByteArrayDeserializer(), true),
                new KafkaAdmin(BenchKafka.common(servers)),
                logger);
        this.dispatcher = Dispatcher.builder()
                .config(OrchestratorConfig.custom().logger(logger).build())
                .defaultBus(global)
                .transport(transport)
                .build();
        dispatcher.register(executor);
        transport.start(dispatcher, global);
    }

    /** {@return jobs this instance took from the share group so far} */
    long taken() {
        return transport.stats().taken();
    }

    @Override
    public void close() {
        transport.close();
        dispatcher.shutdown(Duration.ZERO);
        global.close();
    }
}
