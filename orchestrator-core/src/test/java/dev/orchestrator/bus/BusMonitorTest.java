package dev.orchestrator.bus;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.BusFixtures.Blocker;
import dev.orchestrator.bus.BusFixtures.Numbered;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.test.EventRecorder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins {@link BusMonitor}: sees every emit synchronously on the emitting thread, isolated, removable. */
class BusMonitorTest {

    private final RecordingLogger logger = new RecordingLogger();
    private final SignalBus bus =
            SignalBus.builder("test-monitored").logger(logger).build();

    @AfterEach
    void tearDown() {
        bus.close();
    }

    @Test
    void aMonitorSeesEveryEventSynchronouslyOnTheEmittingThread() {
        RecordingMonitor monitor = new RecordingMonitor();
        bus.monitor(monitor);

        Numbered first = new Numbered(1);
        Numbered second = new Numbered(2);
        bus.emit(first);
        // no waiting: emit has returned, so the monitor has already seen it
        assertThat(monitor.events).containsExactly(first);
        bus.emit(second);
        assertThat(monitor.events).containsExactly(first, second);
        assertThat(monitor.threads).containsOnly(Thread.currentThread());
        assertThat(monitor.buses).containsOnly(bus);
    }

    @Test
    void aMonitorSeesAnEventBeforeAnySubscriberDoes() {
        RecordingMonitor monitor = new RecordingMonitor();
        bus.monitor(monitor);
        List<Boolean> monitorSawItFirst = new CopyOnWriteArrayList<>();
        bus.subscribe(event -> monitorSawItFirst.add(monitor.events.contains(event)));

        for (int i = 0; i < 100; i++) {
            bus.emit(new Numbered(i));
        }

        eventually().until(() -> monitorSawItFirst.size() == 100);
        assertThat(monitorSawItFirst).containsOnly(true);
    }

    @Test
    void aMonitorSeesEventsThatAreDroppedForASubscriberThatFellBehind() throws Exception {
        SignalBus small = SignalBus.builder("test-monitored-small")
                .subscriberCapacity(1)
                .logger(logger)
                .build();
        try {
            RecordingMonitor monitor = new RecordingMonitor();
            small.monitor(monitor);
            Blocker slow = new Blocker();
            small.subscribe(slow);

            small.emit(new Numbered(0));
            slow.awaitEntered();
            for (int i = 1; i <= 100; i++) {
                small.emit(new Numbered(i));
            }

            assertThat(small.droppedEvents())
                    .as("dropped for the slow subscriber")
                    .isEqualTo(99);
            assertThat(monitor.events)
                    .extracting(e -> ((Numbered) e).seq)
                    .isEqualTo(IntStream.rangeClosed(0, 100).boxed().collect(Collectors.toList()));
            slow.release.countDown();
        } finally {
            small.close();
        }
    }

    @Test
    void aMonitorSeesNothingAfterCloseAndIsToldOfTheCloseOnce() {
        RecordingMonitor monitor = new RecordingMonitor();
        bus.monitor(monitor);
        bus.emit(new Numbered(1));

        bus.close();
        bus.close();
        bus.emit(new Numbered(2));

        assertThat(monitor.events).extracting(e -> ((Numbered) e).seq).containsExactly(1);
        assertThat(monitor.closes).hasValue(1);
    }

    @Test
    void aThrowingMonitorIsLoggedAndStopsNeitherDeliveryNorOtherMonitors() {
        BusMonitor throwing = (b, event) -> {
            throw new IllegalStateException("monitor down");
        };
        bus.monitor(throwing);
        RecordingMonitor other = new RecordingMonitor();
        bus.monitor(other);
        EventRecorder subscriber = EventRecorder.create();
        bus.subscribe(subscriber);

        Numbered event = new Numbered(1);
        assertThatCode(() -> bus.emit(event)).doesNotThrowAnyException();

        assertThat(other.events).containsExactly(event);
        subscriber.awaitEvents(BaseEvent.class, 1);
        assertThat(subscriber.events()).containsExactly(event);
        assertThat(logger.at(LogLevel.WARNING)).singleElement().satisfies(e -> {
            assertThat(e.message()).contains("test-monitored");
            assertThat(e.error()).hasMessage("monitor down");
        });
    }

    @Test
    void aMonitorThatFailsOnCloseIsLoggedAndTheBusClosesAnyway() {
        bus.monitor(new BusMonitor() {
            @Override
            public void onEmit(SignalBus b, BaseEvent event) {}

            @Override
            public void onClose(SignalBus b) {
                throw new IllegalStateException("close hook down");
            }
        });
        RecordingMonitor other = new RecordingMonitor();
        bus.monitor(other);

        assertThatCode(bus::close).doesNotThrowAnyException();

        assertThat(bus.isClosed()).isTrue();
        assertThat(other.closes).hasValue(1);
        assertThat(logger.at(LogLevel.WARNING))
                .singleElement()
                .satisfies(e -> assertThat(e.error()).hasMessage("close hook down"));
    }

    @Test
    void theHandleRemovesTheMonitorAndAMonitorIsAddedOnlyOnce() {
        RecordingMonitor monitor = new RecordingMonitor();
        Subscription handle = bus.monitor(monitor);
        bus.monitor(monitor);

        Numbered first = new Numbered(1);
        bus.emit(first);
        assertThat(monitor.events)
                .as("the same monitor added twice sees an event once")
                .containsExactly(first);

        handle.unsubscribe();
        assertThatCode(handle::unsubscribe).doesNotThrowAnyException();
        bus.emit(new Numbered(2));
        bus.close();

        assertThat(monitor.events).containsExactly(first);
        assertThat(monitor.closes).hasValue(0);
    }

    /** Records what it sees, from which thread, on which bus. */
    private static final class RecordingMonitor implements BusMonitor {

        final List<BaseEvent> events = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final List<SignalBus> buses = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void onEmit(SignalBus bus, BaseEvent event) {
            events.add(event);
            threads.add(Thread.currentThread());
            buses.add(bus);
        }

        @Override
        public void onClose(SignalBus bus) {
            closes.incrementAndGet();
        }
    }
}
