package dev.orchestrator.bus;

import static dev.orchestrator.bus.BusFixtures.drain;
import static dev.orchestrator.bus.BusFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.LifecycleEventsForTests;
import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.BusFixtures.Numbered;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Stress for the shared log's cut-loose hand-over (issue 11): many subscribers, each falling behind
 * now and then on a small delivery pool, so that several are cut loose while four emitters race. Each
 * subscriber must get each emitter's events once and in order, every ending, and each event must be
 * delivered or counted as dropped; nothing may stall. On a stall it prints a thread dump.
 */
class SignalBusSharedLogStressTest {

    private final RecordingLogger logger = new RecordingLogger();
    private final ThreadPoolExecutor delivery = pool("stress-delivery-", 3);
    private SignalBus bus;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (bus != null) {
            bus.close();
        }
        delivery.shutdownNow();
        drain(delivery);
    }

    /** Records what it gets and checks each emitter's order; now and then it stalls for a while. */
    static final class Recorder {
        final String name;
        final List<BaseEvent> got = new CopyOnWriteArrayList<>();
        final Map<Integer, Integer> last = new HashMap<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final int stallEvery;

        Recorder(String name, int stallEvery) {
            this.name = name;
            this.stallEvery = stallEvery;
        }

        void accept(BaseEvent event) {
            got.add(event);
            int[] id = BusFixtures.sourceAndSeq(event);
            Integer before = last.put(id[0], id[1]);
            if (before != null && before >= id[1]) {
                problems.add(name + ": emitter " + id[0] + " event " + id[1] + " after " + before);
            }
            if (ThreadLocalRandom.current().nextInt(stallEvery) == 0) {
                LockSupport.parkNanos(
                        Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 6))
                                .toNanos());
            }
        }

        long endings() {
            return got.stream().filter(e -> e instanceof JobEvent).count();
        }
    }

    @RepeatedTest(20)
    void subscribersCutLooseWhileEmittersRaceLoseNothingAndNothingStalls() throws Exception {
        int capacity = 64;
        bus = LifecycleEventsForTests.allowedOn(SignalBus.builder("stress")
                .subscriberCapacity(capacity)
                .deliveryExecutor(delivery)
                .logger(logger)
                .build());
        int subscribers = 8;
        List<Recorder> all = new ArrayList<>();
        List<Recorder> numberedOnly = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            Recorder recorder = new Recorder("s" + i, 200 + 100 * i);
            all.add(recorder);
            if (i % 3 == 2) {
                numberedOnly.add(recorder);
                bus.subscribe(recorder.name, Numbered.class, recorder::accept);
            } else {
                bus.subscribe(recorder.name, BaseEvent.class, recorder::accept);
            }
        }
        int emitters = 4;
        int perEmitter = 10_000;
        try {
            BusFixtures.emitConcurrently(
                    bus,
                    emitters,
                    perEmitter,
                    (from, seq) -> {
                        if (seq % 500 == 1) {
                            LockSupport.parkNanos(200_000); // after each 500th event: let the readers run
                        }
                        return BusFixtures.numberedOrEnding(from, seq);
                    },
                    Duration.ofSeconds(60));
        } catch (java.util.concurrent.TimeoutException stalled) {
            dumpThreads("emitters stalled");
            throw stalled;
        }

        boolean idle = bus.awaitIdle(Duration.ofSeconds(30));
        if (!idle) {
            dumpThreads("bus not idle");
        }
        long endingsPerEmitter = java.util.stream.IntStream.range(0, perEmitter)
                .filter(seq -> seq % 7 == 3)
                .count();
        long endings = endingsPerEmitter * emitters;
        long numbered = (long) emitters * perEmitter - endings;
        long expected = 0;
        StringBuilder state = new StringBuilder();
        long delivered = 0;
        for (Recorder recorder : all) {
            expected += numberedOnly.contains(recorder) ? numbered : (long) emitters * perEmitter;
            delivered += recorder.got.size();
            state.append(recorder.name)
                    .append(" got=")
                    .append(recorder.got.size())
                    .append(" endings=")
                    .append(recorder.endings())
                    .append("; ");
        }
        state.append("dropped=").append(bus.droppedEvents());
        assertThat(idle).as("idle; %s", state).isTrue();
        for (Recorder recorder : all) {
            assertThat(recorder.problems).as(recorder.name).isEmpty();
            if (!numberedOnly.contains(recorder)) {
                assertThat(recorder.endings())
                        .as("%s endings; %s", recorder.name, state)
                        .isEqualTo(endings);
            }
            assertThat(recorder.got.stream()
                            .map(e -> BusFixtures.sourceAndSeq(e)[0] + "/" + BusFixtures.sourceAndSeq(e)[1]))
                    .as("%s once each", recorder.name)
                    .doesNotHaveDuplicates();
        }
        assertThat(delivered + bus.droppedEvents())
                .as("each event delivered or counted as dropped; %s", state)
                .isEqualTo(expected);
    }

    private static void dumpThreads(String why) {
        StringBuilder out = new StringBuilder("STALL DUMP (" + why + ")\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            out.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                out.append("    at ").append(frame).append('\n');
            }
        }
        System.out.println(out);
    }
}
