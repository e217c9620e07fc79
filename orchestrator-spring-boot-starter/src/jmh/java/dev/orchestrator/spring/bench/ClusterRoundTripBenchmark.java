package dev.orchestrator.spring.bench;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;

/**
 * Cluster round trip (issue 9, "Benchmarks"): one no-op job dispatched on instance A, which takes no
 * jobs (concurrency 0), run on instance B (one share consumer), until its result completes on A
 * ({@code handle.result().get()}: the ending came home through Kafka, the dispatcher applied it and
 * completed the handle). Against a bare Kafka round trip on the same broker ({@link BarePipeline}:
 * produce a request, a share consumer takes it, writes a reply, a plain consumer reads it). One
 * request or job at a time; every round trip is sampled (mean, and the percentiles, which on a shared
 * machine say more than the mean).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClusterRoundTripBenchmark {

    /**
     * Size of a bare request's value: as the value of the orchestrator's job record (both keyed by a
     * 36-character id); each trial prints the sizes of both.
     */
    static final int REQUEST_BYTES = 413;

    /** Size of a bare reply's value: as the value of the orchestrator's success-ending record. */
    static final int REPLY_BYTES = 220;

    private static final int WARM_UP_TRIPS = 50;

    /** Instance A (dispatches) and instance B (runs). */
    @State(Scope.Benchmark)
    public static class Cluster {
        String servers;
        String prefix;
        BenchNode dispatcher;
        BenchNode worker;
        long trips;
        final CpuMeter cpu = new CpuMeter("orchestrator round trip");

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            servers = BenchKafka.bootstrapServers();
            prefix = BenchKafka.prefix("round-trip");
            dispatcher = new BenchNode(servers, prefix, "a-" + UUID.randomUUID(), 0);
            worker = new BenchNode(servers, prefix, "b-" + UUID.randomUUID(), 1);
            for (int i = 0; i < WARM_UP_TRIPS; i++) {
                roundTrip(this);
            }
            System.out.println("[orchestrator] records (key + value) of " + WARM_UP_TRIPS + " jobs: jobs topic "
                    + RecordSizes.describe(RecordSizes.of(servers, prefix + "jobs")) + "; events topic (start and"
                    + " end of each job) " + RecordSizes.describe(RecordSizes.of(servers, prefix + "events")));
        }

        @Setup(Level.Iteration)
        public void startIteration(IterationParams iteration) {
            cpu.start(iteration, trips);
        }

        @TearDown(Level.Iteration)
        public void stopIteration() {
            cpu.stop(trips);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            System.out.println(cpu.report());
            System.out.println("[orchestrator] jobs taken by B: " + worker.taken());
            dispatcher.close();
            worker.close();
            BenchKafka.stopEmbedded();
        }
    }

    /** The bare pipeline: a requester and one worker. */
    @State(Scope.Benchmark)
    public static class Bare {
        BarePipeline pipeline;
        long trips;
        final CpuMeter cpu = new CpuMeter("kafka round trip");

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            String servers = BenchKafka.bootstrapServers();
            String prefix = BenchKafka.prefix("bare-round-trip");
            pipeline = new BarePipeline(servers, prefix, 1, REQUEST_BYTES, REPLY_BYTES);
            for (int i = 0; i < WARM_UP_TRIPS; i++) {
                pipeline.send().get(30, TimeUnit.SECONDS);
            }
            System.out.println("[kafka] records (key + value) of " + WARM_UP_TRIPS + " requests: requests topic "
                    + RecordSizes.describe(RecordSizes.of(servers, prefix + "requests")) + "; replies topic "
                    + RecordSizes.describe(RecordSizes.of(servers, prefix + "replies")));
        }

        @Setup(Level.Iteration)
        public void startIteration(IterationParams iteration) {
            cpu.start(iteration, trips);
        }

        @TearDown(Level.Iteration)
        public void stopIteration() {
            cpu.stop(trips);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            System.out.println(cpu.report());
            System.out.println("[kafka] requests taken: " + pipeline.taken());
            pipeline.close();
            BenchKafka.stopEmbedded();
        }
    }

    static Object roundTrip(Cluster cluster) throws Exception {
        return cluster.dispatcher
                .dispatcher
                .submit(new NoOpJob(), String.class)
                .result()
                .get(30, TimeUnit.SECONDS);
    }

    /**
     * {@return the job's result} Dispatch on A, run on B, result on A.
     *
     * @param cluster instances A and B
     * @throws Exception when the job fails or takes more than 30 s
     */
    @Benchmark
    public Object orchestrator(Cluster cluster) throws Exception {
        Object result = roundTrip(cluster);
        cluster.trips++;
        return result;
    }

    /**
     * {@return whether the reply arrived} Request, share-consume, reply, consume.
     *
     * @param bare the bare pipeline
     * @throws Exception when no reply comes within 30 s
     */
    @Benchmark
    public Object kafka(Bare bare) throws Exception {
        Object replied = bare.pipeline.send().get(30, TimeUnit.SECONDS);
        bare.trips++;
        return replied;
    }
}
