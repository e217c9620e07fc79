package dev.orchestrator.spring.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;

/**
 * Cluster throughput (issue 9, "Benchmarks"): jobs per second with 1, 2 and 3 worker instances. Each
 * operation dispatches {@value #BATCH} no-op jobs at once on instance A (concurrency 0) and waits for
 * all their results; every worker instance has its own transport (producer, inbox, one share
 * consumer taking up to 5 jobs per poll). Against the bare Kafka pipeline ({@link BarePipeline}) with
 * as many share consumers, each with its own thread and producer. JMH's score is jobs (requests) per
 * second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ClusterThroughputBenchmark.BATCH)
@Fork(2)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 4, time = 3)
public class ClusterThroughputBenchmark {

    /** Jobs (requests) per operation. */
    static final int BATCH = 400;

    /** Instance A and the worker instances. */
    @State(Scope.Benchmark)
    public static class Cluster {
        @Param({"1", "2", "3"})
        int instances;

        BenchNode dispatcher;
        final List<BenchNode> workers = new ArrayList<>();
        List<Long> before = List.of();
        long jobs;
        final CpuMeter cpu = new CpuMeter("orchestrator throughput");

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            String servers = BenchKafka.bootstrapServers();
            String prefix = BenchKafka.prefix("throughput");
            dispatcher = new BenchNode(servers, prefix, "a-" + UUID.randomUUID(), 0);
            for (int i = 0; i < instances; i++) {
                workers.add(new BenchNode(servers, prefix, "w" + i + "-" + UUID.randomUUID(), 1));
            }
            warmUp("orchestrator", () -> batch(this), this::taken);
            before = taken();
            cpu.label(instances + " instances");
        }

        List<Long> taken() {
            return workers.stream().map(BenchNode::taken).toList();
        }

        @Setup(Level.Iteration)
        public void startIteration(IterationParams iteration) {
            cpu.start(iteration, jobs);
        }

        @TearDown(Level.Iteration)
        public void stopIteration() {
            cpu.stop(jobs);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            System.out.println(cpu.report());
            System.out.println("[orchestrator] jobs taken per instance after the warm-up: " + minus(taken(), before));
            dispatcher.close();
            workers.forEach(BenchNode::close);
            BenchKafka.stopEmbedded();
        }
    }

    /** The bare pipeline with as many share consumers. */
    @State(Scope.Benchmark)
    public static class Bare {
        @Param({"1", "2", "3"})
        int instances;

        BarePipeline pipeline;
        List<Long> before = List.of();
        long jobs;
        final CpuMeter cpu = new CpuMeter("kafka throughput");

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            String servers = BenchKafka.bootstrapServers();
            pipeline = new BarePipeline(
                    servers,
                    BenchKafka.prefix("bare-throughput"),
                    instances,
                    ClusterRoundTripBenchmark.REQUEST_BYTES,
                    ClusterRoundTripBenchmark.REPLY_BYTES);
            warmUp("kafka", () -> batch(this), pipeline::taken);
            before = pipeline.taken();
            cpu.label(instances + " consumers");
        }

        @Setup(Level.Iteration)
        public void startIteration(IterationParams iteration) {
            cpu.start(iteration, jobs);
        }

        @TearDown(Level.Iteration)
        public void stopIteration() {
            cpu.stop(jobs);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            System.out.println(cpu.report());
            System.out.println(
                    "[kafka] requests taken per consumer after the warm-up: " + minus(pipeline.taken(), before));
            pipeline.close();
            BenchKafka.stopEmbedded();
        }
    }

    /** Work to warm up with, that may fail. */
    interface Batch {
        void run() throws Exception;
    }

    /**
     * Runs batches until every consumer took a share of one (the share group has given all of them
     * partitions), at most 60 s.
     */
    static void warmUp(String what, Batch batch, Supplier<List<Long>> taken) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<Long> before = taken.get();
            batch.run();
            List<Long> took = minus(taken.get(), before);
            if (took.stream().allMatch(count -> count > 0)) {
                System.out.println("[" + what + "] warm-up batch taken per consumer: " + took);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "[" + what + "] not every consumer takes jobs after 60 s; last batch: " + took);
            }
        }
    }

    static List<Long> minus(List<Long> now, List<Long> before) {
        List<Long> difference = new ArrayList<>();
        for (int i = 0; i < now.size(); i++) {
            difference.add(now.get(i) - (i < before.size() ? before.get(i) : 0));
        }
        return difference;
    }

    static void batch(Cluster cluster) throws Exception {
        List<CompletableFuture<String>> results = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            results.add(cluster.dispatcher
                    .dispatcher
                    .submit(new NoOpJob(), String.class)
                    .result());
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        cluster.jobs += BATCH;
    }

    static void batch(Bare bare) throws Exception {
        List<CompletableFuture<Boolean>> replies = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            replies.add(bare.pipeline.send());
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        bare.jobs += BATCH;
    }

    /**
     * {@value #BATCH} jobs dispatched on A, run on the worker instances, all results back on A.
     *
     * @param cluster the instances
     * @throws Exception when a job fails or the batch takes more than 120 s
     */
    @Benchmark
    public void orchestrator(Cluster cluster) throws Exception {
        batch(cluster);
    }

    /**
     * {@value #BATCH} requests through the bare pipeline, all replies back.
     *
     * @param bare the pipeline
     * @throws Exception when the replies take more than 120 s
     */
    @Benchmark
    public void kafka(Bare bare) throws Exception {
        batch(bare);
    }
}
