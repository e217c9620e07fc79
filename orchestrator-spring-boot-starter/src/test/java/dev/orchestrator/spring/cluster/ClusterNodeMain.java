package dev.orchestrator.spring.cluster;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.kafka.ClusterSettings;
import dev.orchestrator.kafka.ClusterStats;
import dev.orchestrator.kafka.KafkaJobTransport;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * One application instance of the real-process cluster tests, in a JVM of its own and without a
 * Spring context (it starts in a second or two): a global bus, a dispatcher and a
 * {@link KafkaJobTransport} on the broker given, with an executor for {@link WorkJob}s that sleeps
 * their {@code millis}. Arguments are {@code key=value}: {@code name}, {@code servers},
 * {@code prefix}, {@code concurrency}, {@code maxPollRecords}, {@code partitions},
 * {@code lockRenewalMs}.
 *
 * <p>It talks to the test through lines. Commands on stdin:
 *
 * <ul>
 *   <li>{@code dispatch count=N rate=R seed=S minMs=A maxMs=B}: dispatches up to N sleep jobs of A to
 *       B ms (random, seeded), R per second (0: all at once), from a thread of its own;
 *   <li>{@code halt}: stops dispatching;
 *   <li>{@code stop graceMs=G [afterStart=true]}: graceful shutdown ({@link KafkaJobTransport#stop}
 *       with grace G, then close), then exits 0; with {@code afterStart=true} the stop begins as soon
 *       as its executor starts its next job (so that a job runs here when it stops);
 *   <li>end of stdin (the test JVM is gone): exits at once.
 * </ul>
 *
 * <p>Lines on stdout (logs go to stderr): {@code READY <instanceId>}; {@code START <jobId>
 * <deliveryCount>} when its executor starts a job; {@code SENT <jobId>} per job dispatched,
 * {@code SEND-FAILED <why>}, {@code SENT-ALL <n>} when dispatching ends; {@code END <jobId> <event
 * type> <detail>} per job ending on its global bus (the detail of a success is its result,
 * {@code <name>:<deliveryCount>} of the instance that ran it); {@code STATS key=value...} (its
 * {@link ClusterStats}) and {@code STOPPED finished=<bool>} at a graceful stop; {@code FATAL <why>}.
 */
public final class ClusterNodeMain {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNodeMain.class);
    private static final PrintStream OUT = System.out;

    private final String name;
    private final SignalBus global;
    private final KafkaJobTransport transport;
    private final Dispatcher dispatcher;
    private final SleepExecutor executor;
    private volatile boolean halted;
    private volatile Thread dispatching;

    private ClusterNodeMain(Map<String, String> args) {
        this.name = args.get("name");
        String servers = args.get("servers");
        String prefix = args.get("prefix");
        int concurrency = Integer.parseInt(args.getOrDefault("concurrency", "2"));
        int maxPollRecords = Integer.parseInt(args.getOrDefault("maxPollRecords", "5"));
        int partitions = Integer.parseInt(args.getOrDefault("partitions", "6"));
        Duration lockRenewal = Duration.ofMillis(Long.parseLong(args.getOrDefault("lockRenewalMs", "2000")));
        ClusterSettings settings = new ClusterSettings(
                name + "-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()),
                prefix,
                prefix + "group",
                partitions,
                (short) 1,
                concurrency,
                maxPollRecords,
                4,
                lockRenewal,
                1_048_576,
                Duration.ofHours(1),
                Set.of(),
                Set.of());
        OrchestratorLogger logger = (level, message, error) -> {
            switch (level) {
                case DEBUG -> LOG.debug(message, error);
                case INFO -> LOG.info(message, error);
                case WARNING -> LOG.warn(message, error);
                case ERROR -> LOG.error(message, error);
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
                TestNode.MAPPER,
                new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), new ByteArraySerializer()),
                new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(), new ByteArrayDeserializer()),
                new DefaultShareConsumerFactory<>(
                        new HashMap<>(common), new StringDeserializer(), new ByteArrayDeserializer(), true),
                new KafkaAdmin(new HashMap<>(common)),
                logger);
        // a worker thread for every job this instance may hold: none waits in the pool's queue
        OrchestratorConfig config = OrchestratorConfig.custom()
                .logger(logger)
                .executionPoolSize(Math.max(2, concurrency * maxPollRecords + 2))
                .build();
        this.dispatcher = Dispatcher.builder()
                .config(config)
                .defaultBus(global)
                .transport(transport)
                .build();
        this.executor = new SleepExecutor(name);
        dispatcher.register(executor);
        global.subscribe("test-endings", JobEvent.class, event -> {
            if (event.isTerminal()) {
                println("END " + event.correlationId() + " " + event.getClass().getSimpleName() + " " + detail(event));
            }
        });
    }

    /** Runs an instance; see the class comment. */
    public static void main(String[] arguments) throws Exception {
        Map<String, String> args = parse(arguments, 0);
        ClusterNodeMain node;
        try {
            node = new ClusterNodeMain(args);
            node.transport.start(node.dispatcher, node.global);
        } catch (RuntimeException ex) {
            LOG.error("Instance {} did not start", args.get("name"), ex);
            println("FATAL " + oneLine(String.valueOf(ex)));
            System.exit(1);
            return;
        }
        println("READY " + node.transport.instanceId());
        node.readCommands();
    }

    private void readCommands() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            Map<String, String> args = parse(words, 1);
            switch (words[0]) {
                case "dispatch" -> startDispatching(args);
                case "halt" -> halted = true;
                case "stop" -> {
                    if (Boolean.parseBoolean(args.get("afterStart"))) {
                        executor.awaitNextStart();
                    }
                    stop(Duration.ofMillis(Long.parseLong(args.getOrDefault("graceMs", "10000"))));
                    System.exit(0);
                }
                default -> LOG.warn("Unknown command: {}", line);
            }
        }
        LOG.warn("stdin closed: the test is gone; exiting at once");
        Runtime.getRuntime().halt(2);
    }

    private void startDispatching(Map<String, String> args) {
        int count = Integer.parseInt(args.get("count"));
        double rate = Double.parseDouble(args.getOrDefault("rate", "0"));
        Random random = new Random(Long.parseLong(args.getOrDefault("seed", "1")));
        int minMs = Integer.parseInt(args.getOrDefault("minMs", "50"));
        int maxMs = Integer.parseInt(args.getOrDefault("maxMs", "500"));
        Thread thread = new Thread(
                () -> {
                    long start = System.nanoTime();
                    long interval = rate > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / rate) : 0;
                    int sent = 0;
                    for (int i = 0; i < count && !halted; i++) {
                        if (interval > 0) {
                            // paces the load at the rate asked for (not a wait for a condition)
                            long due = start + i * interval;
                            for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                                LockSupport.parkNanos(left);
                            }
                        }
                        long millis = minMs + random.nextInt(maxMs - minMs + 1);
                        try {
                            String id = dispatcher.dispatch(new WorkJob("sleep", millis));
                            println("SENT " + id);
                            sent++;
                        } catch (RuntimeException ex) {
                            LOG.error("Dispatch failed", ex);
                            println("SEND-FAILED " + oneLine(String.valueOf(ex)));
                        }
                    }
                    println("SENT-ALL " + sent);
                },
                "test-dispatch");
        dispatching = thread;
        thread.start();
    }

    private void stop(Duration grace) throws InterruptedException {
        halted = true;
        Thread thread = dispatching;
        if (thread != null) {
            thread.join();
        }
        boolean finished = transport.stop(grace);
        ClusterStats stats = transport.stats();
        println("STATS published=" + stats.published() + " taken=" + stats.taken() + " redelivered="
                + stats.redelivered() + " released=" + stats.released() + " duplicateEndings="
                + stats.duplicateEndings() + " orphanEvents=" + stats.orphanEvents() + " rejected=" + stats.rejected()
                + " deliveryLimitFailures=" + stats.deliveryLimitFailures());
        transport.close();
        dispatcher.shutdown(Duration.ZERO);
        global.close();
        println("STOPPED finished=" + finished);
    }

    private static String detail(JobEvent event) {
        if (event instanceof JobSuccessEvent success) {
            return String.valueOf(success.data());
        }
        if (event instanceof JobFailureEvent failure) {
            return oneLine(String.valueOf(failure.error()));
        }
        return "-";
    }

    private static Map<String, String> parse(String[] words, int from) {
        Map<String, String> args = new HashMap<>();
        for (int i = from; i < words.length; i++) {
            int equals = words[i].indexOf('=');
            if (equals > 0) {
                args.put(words[i].substring(0, equals), words[i].substring(equals + 1));
            }
        }
        return args;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static void println(String line) {
        OUT.println(line); // System.out flushes at each line: nothing printed is lost to a kill -9
    }

    /** Sleeps a {@link WorkJob}'s millis; says which instance ran it and how many deliveries it took. */
    static final class SleepExecutor extends BaseExecutor<WorkJob> {

        private final String node;
        private final Object monitor = new Object();
        private long starts;

        SleepExecutor(String node) {
            this.node = node;
        }

        /** Waits until this executor starts a job (one more than it had started), at most 60 s. */
        void awaitNextStart() throws InterruptedException {
            synchronized (monitor) {
                long before = starts;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (starts == before) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        LOG.warn("No job started within 60 s; stopping anyway");
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                }
            }
        }

        @Override
        public Class<?> resultType() {
            return String.class;
        }

        @Override
        protected Object process(WorkJob job) throws Exception {
            int deliveries = context(job).deliveryCount();
            println("START " + job.id() + " " + deliveries);
            synchronized (monitor) {
                starts++;
                monitor.notifyAll();
            }
            Thread.sleep(job.millis());
            return node + ":" + deliveries;
        }
    }
}
