package dev.orchestrator.bus;

import static dev.orchestrator.bus.BusFixtures.drain;
import static dev.orchestrator.bus.BusFixtures.pool;
import static dev.orchestrator.bus.BusFixtures.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.LifecycleEventsForTests;
import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.BusFixtures.Blocker;
import dev.orchestrator.bus.BusFixtures.Numbered;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.test.EventRecorder;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Pins the bus's shared log (issue 11): subscribers that keep up read one log, and one that falls
 * {@code capacity} positions behind is cut loose to a queue of its own, handed the events it still had
 * to read, without losing, duplicating or reordering any against concurrent emitters; it then holds no
 * part of the log.
 */
class SignalBusSharedLogTest {

    private final RecordingLogger logger = new RecordingLogger();
    private final ThreadPoolExecutor delivery = pool("shared-log-delivery-", 4);
    private final List<SignalBus> buses = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        buses.forEach(SignalBus::close);
        delivery.shutdownNow();
        drain(delivery);
    }

    private SignalBus newBus(String name, int capacity) {
        SignalBus bus = SignalBus.builder(name)
                .subscriberCapacity(capacity)
                .deliveryExecutor(delivery)
                .logger(logger)
                .build();
        buses.add(bus);
        return LifecycleEventsForTests.allowedOn(bus);
    }

    @RepeatedTest(10)
    void aSubscriberCutLooseWhileEmittersRaceGetsEveryEndingOnceAndEachEmittersEventsInOrder() throws Exception {
        int capacity = 32;
        SignalBus bus = newBus("test-cut-race", capacity);
        EventRecorder slow = EventRecorder.create();
        bus.subscribe("slow", BaseEvent.class, event -> {
            slow.accept(event);
            if (BusFixtures.sourceAndSeq(event)[1] % 50 == 0) {
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos()); // falls behind now and then
            }
        });
        EventRecorder fast = EventRecorder.create();
        bus.subscribe("fast", BaseEvent.class, fast);

        int emitters = 4;
        int perEmitter = 5_000;
        BusFixtures.emitConcurrently(
                bus,
                emitters,
                perEmitter,
                (from, seq) -> BusFixtures.numberedOrEnding(from, seq),
                Duration.ofSeconds(30));

        assertThat(bus.awaitIdle(Duration.ofSeconds(30))).isTrue();
        long endings =
                IntStream.range(0, perEmitter).filter(seq -> seq % 7 == 3).count() * emitters;
        for (EventRecorder recorder : List.of(slow, fast)) {
            List<BaseEvent> got = recorder.events();
            assertInEachEmittersOrderWithoutDuplicates(got, emitters);
            assertThat(got.stream().filter(e -> e instanceof JobEvent))
                    .as("every ending reached each subscriber, also one that fell behind")
                    .hasSize((int) endings);
        }
        assertThat(slow.events().size() + fast.events().size() + bus.droppedEvents())
                .as("each event was delivered to each subscriber or counted as dropped for it")
                .isEqualTo(2L * emitters * perEmitter);
        assertThat(bus.droppedEvents()).as("the slow subscriber fell behind").isPositive();
    }

    private static void assertInEachEmittersOrderWithoutDuplicates(List<BaseEvent> received, int emitters) {
        Map<Integer, Integer> last = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (BaseEvent event : received) {
            int[] id = BusFixtures.sourceAndSeq(event);
            assertThat(seen.add(id[0] + "/" + id[1]))
                    .as("delivered once: %s", event)
                    .isTrue();
            Integer before = last.put(id[0], id[1]);
            assertThat(before == null || before < id[1])
                    .as("emitter %d's events in its order: %s after %s", id[0], id[1], before)
                    .isTrue();
        }
        assertThat(last.keySet())
                .isSubsetOf(IntStream.range(0, emitters).boxed().collect(Collectors.toSet()));
    }

    @Test
    void aTypedSubscriberBehindKeepsExactlyCapacityOfItsOwnEventsAmongOthers() throws Exception {
        int capacity = 10;
        SignalBus bus = newBus("test-typed-behind", capacity);
        Blocker slow = new Blocker();
        bus.subscribe("slow", Numbered.class, slow);
        bus.emit(new Numbered(-1));
        slow.awaitEntered();

        // three events of another type before each of its own: it is capacity positions behind in the
        // log after 3 of its own, but only once 10 of its own wait may its events be dropped
        for (int i = 0; i < 100; i++) {
            for (int other = 0; other < 3; other++) {
                bus.emit(BusFixtures.ending(9, 3 * i + other));
            }
            bus.emit(new Numbered(i));
        }

        assertThat(bus.droppedEvents()).isEqualTo(100 - capacity);
        slow.release.countDown();
        slow.recorder.awaitEvents(BaseEvent.class, 1 + capacity);
        assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(seqs(slow.recorder))
                .isEqualTo(IntStream.range(-1, capacity).boxed().collect(Collectors.toList()));
    }

    /** A domain event with a payload, to see when the bus lets go of it. */
    static final class Big extends BaseEvent {
        final byte[] payload;

        Big(byte[] payload) {
            super("big");
            this.payload = payload;
        }
    }

    @Test
    void aBlockedSubscriberHoldsNoPartOfTheLogThatOthersHavePassed() throws Exception {
        SignalBus bus = newBus("test-no-pin", 100);
        Blocker blocked = new Blocker();
        bus.subscribe("blocked", Numbered.class, blocked);
        AtomicInteger fast = new AtomicInteger(); // counts: a recorder would keep the big event itself
        bus.subscribe("fast", BaseEvent.class, event -> fast.incrementAndGet());
        bus.emit(new Numbered(-1));
        blocked.awaitEntered();

        byte[] payload = new byte[1 << 20];
        WeakReference<byte[]> big = new WeakReference<>(payload);
        bus.emit(new Big(payload));
        payload = null;
        // far more than a chunk of the log and than the blocked subscriber's capacity, none for it
        for (int i = 0; i < 2_000; i++) {
            bus.emit(BusFixtures.ending(0, i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fast.get() == 2 + 2_000);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return big.get() == null;
        });
        assertThat(blocked.release.getCount()).as("still blocked").isEqualTo(1);
        blocked.release.countDown();
    }
}
