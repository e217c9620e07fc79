package dev.orchestrator.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.test.EventRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Small fixtures shared by the bus tests; events are recorded with the test kit's {@link EventRecorder}. */
final class BusFixtures {

    /** Generous bound for anything that should happen "promptly". */
    static final Duration PROMPTLY = Duration.ofSeconds(5);

    private BusFixtures() {}

    /** A job type for the job events the bus treats specially. */
    static final class DummyJob extends BaseJob {}

    /** A domain event carrying the emitting source and a sequence number. */
    static final class Numbered extends BaseEvent {

        final int source;
        final int seq;

        Numbered(int seq) {
            this("n", 0, seq);
        }

        Numbered(String correlationId, int source, int seq) {
            super(correlationId);
            this.source = source;
            this.seq = seq;
        }

        @Override
        protected String describe() {
            return "source=" + source + ", seq=" + seq;
        }
    }

    /**
     * {@return the sequence numbers of the events a recorder recorded, in order}; every event must be
     * {@link Numbered} (anything else fails the test with a {@link ClassCastException})
     */
    static List<Integer> seqs(EventRecorder recorder) {
        return recorder.events().stream().map(e -> ((Numbered) e).seq).collect(Collectors.toList());
    }

    /** A subscriber that blocks on its first event until released, recording everything. */
    static final class Blocker implements Consumer<BaseEvent> {

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final EventRecorder recorder = EventRecorder.create();

        @Override
        public void accept(BaseEvent event) {
            recorder.accept(event);
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitEntered() throws InterruptedException {
            assertThat(entered.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the blocking subscriber received its first event")
                    .isTrue();
        }
    }

    /** A fixed pool of named threads, so that tests can see which threads delivered. */
    static ThreadPoolExecutor pool(String prefix, int threads) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Shuts the pool down and waits until every task it accepted has finished: after this no
     * delivery through it can still happen, which is how the tests prove that something did not.
     */
    static void drain(ExecutorService pool) throws InterruptedException {
        pool.shutdown();
        assertThat(pool.awaitTermination(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                .as("delivery pool finished its tasks")
                .isTrue();
    }

    /** Emits {@code perEmitter} numbered events from each of {@code emitters} threads at once. */
    static void emitConcurrently(SignalBus bus, int emitters, int perEmitter) throws Exception {
        emitConcurrently(bus, emitters, perEmitter, (from, seq) -> new Numbered("n", from, seq), PROMPTLY);
    }

    /** A job ending that carries its emitter and sequence number in its id: never dropped. */
    static JobCancelledEvent ending(int source, int seq) {
        return new JobCancelledEvent(source + "/" + seq, DummyJob.class);
    }

    /** Every 7th event of an emitter (from its 4th on) is a job ending, the others are {@link Numbered}. */
    static BaseEvent numberedOrEnding(int source, int seq) {
        return seq % 7 == 3 ? ending(source, seq) : new Numbered("n", source, seq);
    }

    /** {@return the emitter and sequence number of a {@link Numbered} event or of an {@link #ending}} */
    static int[] sourceAndSeq(BaseEvent event) {
        if (event instanceof Numbered numbered) {
            return new int[] {numbered.source, numbered.seq};
        }
        String[] parts = event.correlationId().split("/");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    /** What one emitter emits as its {@code seq}-th event. */
    interface EventOfEmitter {
        BaseEvent event(int emitter, int seq);
    }

    /**
     * Emits {@code perEmitter} events from each of {@code emitters} threads at once, waiting at most
     * {@code within} for each emitter to finish.
     */
    static void emitConcurrently(SignalBus bus, int emitters, int perEmitter, EventOfEmitter events, Duration within)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(emitters);
        try {
            CyclicBarrier start = new CyclicBarrier(emitters);
            List<Future<?>> done = new ArrayList<>();
            for (int source = 0; source < emitters; source++) {
                int from = source;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int seq = 0; seq < perEmitter; seq++) {
                        bus.emit(events.event(from, seq));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(within.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
