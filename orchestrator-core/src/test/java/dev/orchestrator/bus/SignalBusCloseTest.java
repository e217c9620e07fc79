package dev.orchestrator.bus;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.bus.BusFixtures.PROMPTLY;
import static dev.orchestrator.bus.BusFixtures.drain;
import static dev.orchestrator.bus.BusFixtures.pool;
import static dev.orchestrator.bus.BusFixtures.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.BusFixtures.Blocker;
import dev.orchestrator.bus.BusFixtures.Numbered;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.test.EventRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins closing a SignalBus (issue 2): safe at any time, idempotent, global bus not closeable. */
class SignalBusCloseTest {

    private final RecordingLogger logger = new RecordingLogger();
    private final ThreadPoolExecutor delivery = pool("close-delivery-", 4);
    private final SignalBus bus = SignalBus.builder("test-closing")
            .deliveryExecutor(delivery)
            .logger(logger)
            .build();
    private final ExecutorService emitters = Executors.newFixedThreadPool(8);

    @AfterEach
    void tearDown() throws InterruptedException {
        bus.close();
        emitters.shutdownNow();
        assertThat(emitters.awaitTermination(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                .isTrue();
        delivery.shutdownNow();
        drain(delivery);
    }

    @Test
    void closeIsSafeWhileAnotherThreadEmitsAndSubscribersReceive() throws Exception {
        // unbounded, so that every event emitted before close waits rather than being dropped
        SignalBus bus = SignalBus.builder("test-closing-busy")
                .deliveryExecutor(delivery)
                .subscriberCapacity(Integer.MAX_VALUE)
                .logger(logger)
                .build();
        List<EventRecorder> recorders =
                IntStream.range(0, 3).mapToObj(i -> EventRecorder.create()).collect(Collectors.toList());
        recorders.forEach(bus::subscribe);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger emitted = new AtomicInteger();
        Future<?> emitter = emitters.submit(() -> {
            while (!stop.get()) {
                bus.emit(new Numbered(emitted.getAndIncrement()));
            }
            return null;
        });

        for (EventRecorder recorder : recorders) {
            recorder.awaitEvents(BaseEvent.class, 100);
        }
        assertThatCode(bus::close).doesNotThrowAnyException();
        int emittedAtClose = emitted.get();
        eventually().until(() -> emitted.get() > emittedAtClose + 1_000);
        stop.set(true);

        assertThatCode(() -> emitter.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                .doesNotThrowAnyException();
        // thousands emitted before the close may still wait; shutting the pool down under them
        // would reject their next delivery batch, so let them drain first
        assertThat(bus.awaitIdle(PROMPTLY))
                .as("what was emitted before the close drains")
                .isTrue();
        drain(delivery);
        assertThat(bus.isClosed()).isTrue();
        assertThat(bus.subscriberCount()).isZero();
        assertThat(logger.at(LogLevel.ERROR)).as("no failed delivery").isEmpty();
        assertThat(logger.at(LogLevel.WARNING)).isEmpty();
        for (EventRecorder recorder : recorders) {
            List<Integer> seqs = seqs(recorder);
            assertThat(seqs)
                    .as("what was delivered came in order, without gaps")
                    .isEqualTo(IntStream.range(0, seqs.size()).boxed().collect(Collectors.toList()));
            assertThat(seqs.size())
                    .as("nothing emitted after close was delivered")
                    .isLessThanOrEqualTo(emittedAtClose);
        }
    }

    @Test
    void eventsEmittedAfterCloseAreIgnored() throws Exception {
        EventRecorder recorder = EventRecorder.create();
        bus.subscribe(recorder);
        bus.emit(new Numbered(0));
        recorder.awaitEvents(BaseEvent.class, 1);

        bus.close();
        bus.emit(new Numbered(1));

        drain(delivery);
        assertThat(seqs(recorder)).containsExactly(0);
        assertThat(bus.droppedEvents()).isZero();
    }

    @Test
    void closeStillDeliversWhatWasEmittedBeforeIt() throws Exception {
        Blocker blocker = new Blocker();
        bus.subscribe(blocker);
        bus.emit(new Numbered(0));
        blocker.awaitEntered();
        for (int i = 1; i <= 5; i++) {
            bus.emit(new Numbered(i));
        }

        bus.close();
        assertThat(bus.subscriberCount()).isZero();
        bus.emit(new Numbered(6)); // after the close: ignored
        blocker.release.countDown();

        drain(delivery);
        assertThat(seqs(blocker.recorder)).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void subscribingToAClosedBusFailsNamingTheBus() {
        bus.close();

        assertThatIllegalStateException()
                .isThrownBy(() -> bus.subscribe(EventRecorder.create()))
                .withMessageContaining("test-closing");
        assertThatIllegalStateException()
                .isThrownBy(() -> bus.subscribe("late", Numbered.class, e -> {}))
                .withMessageContaining("test-closing")
                .withMessageContaining("late");
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void closeIsIdempotentAndTellsEachMonitorOnce() {
        AtomicInteger closes = new AtomicInteger();
        bus.monitor(new BusMonitor() {
            @Override
            public void onEmit(SignalBus b, BaseEvent event) {}

            @Override
            public void onClose(SignalBus closed) {
                assertThat(closed).isSameAs(bus);
                closes.incrementAndGet();
            }
        });

        bus.close();
        assertThatCode(bus::close).doesNotThrowAnyException();
        bus.close();

        assertThat(closes).hasValue(1);
        assertThat(bus.isClosed()).isTrue();
        assertThat(bus.toString()).contains("test-closing").contains("closed");
        assertThat(logger.lines).isEmpty();
    }

    @Test
    void concurrentClosesTellEachMonitorOnce() throws Exception {
        int threads = 8;
        int rounds = 300;
        CyclicBarrier start = new CyclicBarrier(threads);
        for (int round = 0; round < rounds; round++) {
            SignalBus racing = SignalBus.builder("test-racing-close-" + round)
                    .deliveryExecutor(delivery)
                    .logger(logger)
                    .build();
            AtomicInteger closes = new AtomicInteger();
            racing.monitor(new BusMonitor() {
                @Override
                public void onEmit(SignalBus b, BaseEvent event) {}

                @Override
                public void onClose(SignalBus b) {
                    closes.incrementAndGet();
                }
            });
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(emitters.submit(() -> {
                    start.await();
                    racing.close();
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertThat(closes).as("onClose calls in round %d", round).hasValue(1);
        }
    }

    @Test
    void theGlobalBusCannotBeClosedAndStaysUsable() {
        SignalBus global = SignalBus.instance();
        assertThat(SignalBus.instance()).isSameAs(global);
        assertThat(global.name()).isEqualTo(SignalBus.GLOBAL_NAME);

        assertThatThrownBy(global::close)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("global");

        assertThat(global.isClosed()).isFalse();
        String mine = UUID.randomUUID().toString();
        EventRecorder recorder = EventRecorder.create();
        try (Subscription ignored = global.subscribe(event -> {
            if (event.correlationId().equals(mine)) {
                recorder.accept(event);
            }
        })) {
            global.emit(new Numbered(mine, 0, 1));
            recorder.awaitEvents(BaseEvent.class, 1);
        }
        assertThat(seqs(recorder)).containsExactly(1);
    }
}
