package dev.orchestrator.spring.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker in a JVM of its own, from the Kafka jars on the test class path (those of
 * spring-kafka-test): one node in combined mode ({@code process.roles=broker,controller}),
 * listening on two free loopback ports, its log directory in a temporary directory deleted at
 * {@link #close}. Formatted with {@code kafka.tools.StorageTool format --standalone}, then started
 * with {@code kafka.Kafka server.properties}; what both print goes to {@code <name>-broker.log} in
 * the output directory, for diagnosing a failure. Replication factors 1, share groups configured as
 * in KAFKA-NOTES.md, and a record lock of 10 s (the minimum lowered to 1 s), so that a record whose
 * holder vanished without its connection closing comes back within seconds.
 */
final class RealKafkaBroker implements AutoCloseable {

    /** The record lock of share groups on this broker. */
    static final Duration RECORD_LOCK = Duration.ofSeconds(10);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Path dataDirectory;
    private final Path log;
    private final int port;
    private final Process process;
    private final Thread killOnExit;

    private RealKafkaBroker(Path dataDirectory, Path log, int port, Process process) {
        this.dataDirectory = dataDirectory;
        this.log = log;
        this.port = port;
        this.process = process;
        this.killOnExit = new Thread(process::destroyForcibly, "real-kafka-broker-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit); // a test JVM that exits early leaves no broker behind
    }

    /**
     * Formats and starts a broker; returns once it accepts connections and answers an admin client.
     *
     * @param outputDirectory where {@code <name>-broker.log} is written
     * @param name the log file's prefix
     */
    static RealKafkaBroker start(Path outputDirectory, String name) throws IOException, InterruptedException {
        Path dataDirectory = Files.createTempDirectory("real-kafka-");
        Path log = outputDirectory.resolve(name + "-broker.log");
        Files.deleteIfExists(log);
        try {
            int[] ports = freePorts(2);
            Path properties = dataDirectory.resolve("server.properties");
            Files.writeString(properties, serverProperties(dataDirectory.resolve("logs"), ports[0], ports[1]));
            format(properties, log);
            ProcessBuilder builder = ChildJvm.builder(List.of("-Xmx1g"), "kafka.Kafka", List.of(properties.toString()));
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            RealKafkaBroker broker = new RealKafkaBroker(dataDirectory, log, ports[0], builder.start());
            try {
                broker.awaitStarted();
            } catch (RuntimeException | Error ex) {
                broker.close();
                throw ex;
            }
            return broker;
        } catch (IOException | InterruptedException | RuntimeException ex) {
            deleteRecursively(dataDirectory);
            throw ex;
        }
    }

    /** {@return {@code host:port} of the broker's listener} */
    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** {@return the file the broker's output goes to} */
    Path log() {
        return log;
    }

    private static String serverProperties(Path logDirectory, int port, int controllerPort) {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDirectory,
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "share.coordinator.state.topic.num.partitions=1",
                "group.initial.rebalance.delay.ms=0",
                "group.share.min.record.lock.duration.ms=1000",
                "group.share.record.lock.duration.ms=" + RECORD_LOCK.toMillis(),
                "group.share.min.heartbeat.interval.ms=500",
                "group.share.heartbeat.interval.ms=1000",
                "group.share.min.session.timeout.ms=5000",
                "group.share.session.timeout.ms=10000",
                "");
    }

    private static void format(Path properties, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = ChildJvm.builder(
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                "kafka.tools.StorageTool",
                List.of("format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process format = builder.start();
        if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            format.destroyForcibly();
            throw new IllegalStateException(
                    "kafka.tools.StorageTool format did not end within " + START_TIMEOUT + "; see " + log);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException(
                    "kafka.tools.StorageTool format ended with " + format.exitValue() + ": " + tail(log));
        }
    }

    private void awaitStarted() {
        await("broker listening on " + bootstrapServers() + " (log: " + log + ")")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .failFast("the broker process ended; log: " + log, () -> !process.isAlive())
                .until(() -> accepts(port));
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) START_TIMEOUT.toMillis()))) {
            admin.describeCluster().nodes().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException("The broker does not answer; log: " + tail(log), ex);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException ex) {
            return false;
        }
    }

    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    /** {@return the last lines of a log file, for an exception message} */
    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException ex) {
            return "(" + file + " cannot be read: " + ex + ")";
        }
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 15 s) and deletes its data. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException ignored) {
                // the JVM is exiting: the hook runs anyway
            }
            deleteRecursively(dataDirectory);
        }
    }

    /** Deletes a directory and what it holds, as far as it can. */
    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a file the broker still wrote: the rest goes
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a temporary directory
        }
    }
}
