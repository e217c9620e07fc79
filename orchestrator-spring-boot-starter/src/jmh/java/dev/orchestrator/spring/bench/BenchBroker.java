package dev.orchestrator.spring.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The benchmarks' broker in a JVM of its own: spring-kafka-test's {@link EmbeddedKafkaKraftBroker}
 * (one KRaft node in combined mode, loopback, replication factors 1, share groups on), the broker
 * of the cluster tests with Kafka's default record locks.
 *
 * <p>{@code java -cp cluster-benchmarks.jar dev.orchestrator.spring.bench.BenchBroker <file>} starts
 * it, writes its bootstrap servers ({@code 127.0.0.1:port}) to {@code <file>}, and runs until it is
 * killed.
 */
public final class BenchBroker {

    private BenchBroker() {}

    /** {@return a started broker} */
    static EmbeddedKafkaKraftBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                "share.coordinator.state.topic.replication.factor", "1",
                "share.coordinator.state.topic.min.isr", "1"));
        broker.afterPropertiesSet();
        return broker;
    }

    /**
     * Starts the broker and runs until killed.
     *
     * @param args the file to write the bootstrap servers to
     * @throws Exception when the broker does not start or the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BenchBroker <file for the bootstrap servers>");
            System.exit(2);
        }
        EmbeddedKafkaKraftBroker broker = start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "bench-broker-stop"));
        Path file = Path.of(args[0]);
        Path partial = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(partial, broker.getBrokersAsString(), StandardCharsets.UTF_8);
        Files.move(partial, file);
        System.out.println("Benchmark broker at " + broker.getBrokersAsString());
        new CountDownLatch(1).await();
    }
}
