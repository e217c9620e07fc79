package dev.orchestrator.bus;

import static dev.orchestrator.bus.BusFixtures.drain;
import static dev.orchestrator.bus.BusFixtures.pool;
import static dev.orchestrator.bus.BusFixtures.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.orchestrator.bus.BusFixtures.Numbered;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.test.EventRecorder;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins the admission check of {@code SignalBus.subscribe(name, type, admission, handler)}: refused events take no queue slot. */
class SignalBusAdmissionTest {

    private final ThreadPoolExecutor delivery = pool("admission-delivery-", 2);
    private final SignalBus bus = SignalBus.builder("admission")
            .subscriberCapacity(3)
            .deliveryExecutor(delivery)
            .logger(NoOpLogger.INSTANCE)
            .build();

    @AfterEach
    void tearDown() throws InterruptedException {
        bus.close();
        delivery.shutdownNow();
        drain(delivery);
    }

    @Test
    void refusedEventsAreNeitherQueuedNorDeliveredNorCountedAsDropped() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EventRecorder recorder = EventRecorder.create();
        bus.subscribe("odd-only", Numbered.class, event -> event.seq % 2 == 1, event -> {
            recorder.accept(event);
            if (event.seq == 1) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        bus.emit(new Numbered(1));
        entered.await();
        // capacity 3: a thousand refused even events must not use it up, so the three odd ones still fit
        IntStream.range(0, 1_000).forEach(i -> bus.emit(new Numbered(2 * i)));
        List.of(3, 5, 7).forEach(seq -> bus.emit(new Numbered(seq)));
        release.countDown();

        recorder.awaitEvents(BaseEvent.class, 4);
        assertThat(seqs(recorder)).containsExactly(1, 3, 5, 7);
        assertThat(bus.droppedEvents()).isZero();
    }

    @Test
    void anAdmissionCheckThatThrowsAdmitsTheEventAndNeverFailsTheEmitter() {
        EventRecorder recorder = EventRecorder.create();
        bus.subscribe(
                "throwing-check",
                BaseEvent.class,
                event -> {
                    throw new IllegalStateException("broken admission check");
                },
                recorder);

        assertThatCode(() -> bus.emit(new Numbered(1))).doesNotThrowAnyException();

        recorder.awaitEvents(BaseEvent.class, 1);
    }

    @Test
    void aNullAdmissionCheckAdmitsEveryEventAndOtherSubscribersAreUnaffectedByARefusal() {
        EventRecorder all = EventRecorder.create();
        EventRecorder none = EventRecorder.create();
        bus.subscribe("all", Numbered.class, null, all);
        bus.subscribe("none", Numbered.class, event -> false, none);
        EventRecorder marker = EventRecorder.create();
        bus.subscribe("marker", Numbered.class, event -> event.seq == 99, marker);

        List.of(1, 2, 99).forEach(seq -> bus.emit(new Numbered(seq)));

        all.awaitEvents(BaseEvent.class, 3);
        marker.awaitEvents(BaseEvent.class, 1);
        assertThat(seqs(all)).containsExactly(1, 2, 99);
        assertThat(seqs(marker)).containsExactly(99);
        assertThat(none.events())
                .as("refused on the emitting thread: nothing was ever queued for it")
                .isEmpty();
    }
}
