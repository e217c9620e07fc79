package dev.orchestrator.spring.bench;

import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.orchestration.BaseExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where the time of one cluster round trip goes, and of one bare Kafka round trip: not a JMH
 * benchmark (its figures are medians of timestamps taken inside the path, on one JVM's
 * {@code System.nanoTime()}), a diagnostic for reading the JMH figures: a fresh JVM with fewer
 * round trips to warm up than JMH's, so read its proportions rather than its absolute times. Each
 * side waits 2 ms between round trips (so that the orchestrator's bus stamps land).
 *
 * <p>{@code java -cp cluster-benchmarks.jar dev.orchestrator.spring.bench.ClusterRoundTripBreakdown [trips]}
 * with {@code -Dbench.kafka=host:port}, or an embedded broker in this JVM.
 */
public final class ClusterRoundTripBreakdown {

    private ClusterRoundTripBreakdown() {}

    /** Stamps when {@code process} runs. */
    static final class StampingExecutor extends BaseExecutor<NoOpJob> {
        volatile long processed;

        @Override
        public Class<?> resultType() {
            return String.class;
        }

        @Override
        protected Object process(NoOpJob job) {
            processed = System.nanoTime();
            return "ok";
        }
    }

    /**
     * Runs the round trips and prints the medians.
     *
     * @param args optional: round trips to time (after as many to warm up)
     * @throws Exception when a round trip fails
     */
    public static void main(String[] args) throws Exception {
        int trips = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        String servers = BenchKafka.bootstrapServers();
        String prefix = BenchKafka.prefix("breakdown");
        StampingExecutor onB = new StampingExecutor();
        long[] started = new long[1];
        long[] succeeded = new long[1];
        List<String> lines = new ArrayList<>();
        try (BenchNode a = new BenchNode(servers, prefix, "a-" + UUID.randomUUID(), 0);
                BenchNode b = new BenchNode(servers, prefix, "b-" + UUID.randomUUID(), 1, onB)) {
            a.global.subscribe(JobStartedEvent.class, event -> started[0] = System.nanoTime());
            a.global.subscribe(JobSuccessEvent.class, event -> succeeded[0] = System.nanoTime());
            long[][] phases = new long[4][trips];
            long[] total = new long[trips];
            for (int i = -trips; i < trips; i++) {
                long t0 = System.nanoTime();
                a.dispatcher.submit(new NoOpJob(), String.class).result().get(30, TimeUnit.SECONDS);
                long t1 = System.nanoTime();
                Thread.sleep(2); // lets the bus stamps land
                if (i >= 0) {
                    phases[0][i] = onB.processed - t0;
                    phases[1][i] = started[0] - onB.processed;
                    phases[2][i] = succeeded[0] - onB.processed;
                    phases[3][i] = t1 - succeeded[0];
                    total[i] = t1 - t0;
                }
            }
            lines.add("orchestrator (median of " + trips + "): total " + ms(total)
                    + " | dispatch on A -> process() on B " + ms(phases[0])
                    + " | process() -> JobStartedEvent on A's bus " + ms(phases[1])
                    + " | process() -> JobSuccessEvent on A's bus " + ms(phases[2])
                    + " | success on A's bus -> result().get() returns " + ms(phases[3]));
        }
        try (BarePipeline bare = new BarePipeline(
                servers,
                BenchKafka.prefix("bare-breakdown"),
                1,
                ClusterRoundTripBenchmark.REQUEST_BYTES,
                ClusterRoundTripBenchmark.REPLY_BYTES)) {
            long[][] phases = new long[3][trips];
            long[] total = new long[trips];
            for (int i = -trips; i < trips; i++) {
                long t0 = System.nanoTime();
                bare.send().get(30, TimeUnit.SECONDS);
                long t1 = System.nanoTime();
                Thread.sleep(2); // as on the orchestrator's side
                if (i >= 0) {
                    phases[0][i] = bare.lastTaken - t0;
                    phases[1][i] = bare.lastReplied - bare.lastTaken;
                    phases[2][i] = bare.lastReceived - bare.lastReplied;
                    total[i] = t1 - t0;
                }
            }
            lines.add("kafka (median of " + trips + "): total " + ms(total) + " | send -> poll returns it "
                    + ms(phases[0]) + " | -> reply acknowledged by the broker " + ms(phases[1])
                    + " | -> reply read " + ms(phases[2]));
        }
        lines.forEach(System.out::println);
        BenchKafka.stopEmbedded();
        System.exit(0);
    }

    private static String ms(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.2f ms", sorted[sorted.length / 2] / 1e6);
    }
}
