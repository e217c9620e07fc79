package dev.orchestrator.bus;

import static dev.orchestrator.bus.BusFixtures.PROMPTLY;
import static dev.orchestrator.bus.BusFixtures.drain;
import static dev.orchestrator.bus.BusFixtures.pool;
import static dev.orchestrator.bus.BusFixtures.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.LifecycleEventsForTests;
import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.BusFixtures.Blocker;
import dev.orchestrator.bus.BusFixtures.DummyJob;
import dev.orchestrator.bus.BusFixtures.Numbered;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.test.EventRecorder;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins a lagging subscriber (issue 2): bounded queue, exact drops, a warning per episode, terminal events kept. */
class SignalBusOverflowTest {

    private final RecordingLogger logger = new RecordingLogger();
    private final ThreadPoolExecutor delivery = pool("overflow-delivery-", 4);
    private final List<SignalBus> buses = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        buses.forEach(SignalBus::close);
        delivery.shutdownNow();
        drain(delivery);
    }

    private SignalBus newBus(String name, int capacity, OrchestratorLogger busLogger) {
        SignalBus bus = SignalBus.builder(name)
                .subscriberCapacity(capacity)
                .deliveryExecutor(delivery)
                .logger(busLogger)
                .build();
        buses.add(bus);
        return LifecycleEventsForTests.allowedOn(bus);
    }

    private static JobProgressEvent progress(int step) {
        return new JobProgressEvent("job-" + step, DummyJob.class, 0.5, "step " + step, null, null);
    }

    @Test
    void aSubscriberThatFallsBehindKeepsAtMostCapacityAndNeverLosesATerminalEvent() throws Exception {
        int capacity = 10;
        SignalBus bus = newBus("test-overflow", capacity, logger);
        Blocker slow = new Blocker();
        bus.subscribe("slow", BaseEvent.class, slow);
        PacedRecorder fast = new PacedRecorder();
        bus.subscribe("fast", BaseEvent.class, fast);

        JobProgressEvent blocker = progress(-1);
        fast.emitAndAwait(bus, blocker);
        slow.awaitEntered();
        // the slow subscriber is busy with the blocker; nothing of it is waiting
        List<BaseEvent> emitted = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            emitted.add(progress(i));
        }
        for (int i = 0; i < 50; i++) {
            String jobId = "job-" + i;
            emitted.add(
                    i % 3 == 0
                            ? new JobSuccessEvent(jobId, DummyJob.class, i)
                            : i % 3 == 1
                                    ? new JobFailureEvent(jobId, DummyJob.class, new IllegalStateException("e" + i), 1)
                                    : new JobCancelledEvent(jobId, DummyJob.class));
        }
        for (int i = 1_000; i < 1_100; i++) {
            emitted.add(progress(i));
        }
        for (BaseEvent event : emitted) {
            fast.emitAndAwait(bus, event);
        }

        // 10 of the first 1,000 progress events wait; the other 990 and the last 100 are dropped
        assertThat(bus.droppedEvents()).isEqualTo(990 + 100);
        assertThat(logger.at(LogLevel.WARNING))
                .as("one warning for the one overflow episode")
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("slow").contains("test-overflow"));
        assertThat(slow.release.getCount()).as("slow subscriber still blocked").isEqualTo(1);

        slow.release.countDown();
        List<BaseEvent> terminal = emitted.stream()
                .filter(e -> e instanceof JobEvent && ((JobEvent) e).isTerminal())
                .collect(Collectors.toList());
        List<BaseEvent> expected = new ArrayList<>();
        expected.add(blocker);
        expected.addAll(emitted.subList(0, capacity));
        expected.addAll(terminal);
        slow.recorder.awaitEvents(BaseEvent.class, expected.size());
        drain(delivery);
        List<BaseEvent> received = slow.recorder.events();
        assertThat(received.subList(0, 1 + capacity)).isEqualTo(expected.subList(0, 1 + capacity));
        List<BaseEvent> endings = received.subList(1 + capacity, received.size());
        assertThat(endings).hasSameSizeAs(terminal);
        for (int k = 0; k < terminal.size(); k++) {
            BaseEvent sent = terminal.get(k);
            BaseEvent got = endings.get(k);
            if (capacity + k >= 2 * capacity && sent instanceof JobSuccessEvent) {
                // queued while 2 × capacity events waited: the same ending, without its result
                assertThat(got).isInstanceOf(JobSuccessEvent.class).isNotSameAs(sent);
                JobSuccessEvent light = (JobSuccessEvent) got;
                assertThat(light.correlationId()).isEqualTo(sent.correlationId());
                assertThat(light.timestamp()).isEqualTo(sent.timestamp());
                assertThat(light.isDataDropped()).isTrue();
                assertThat(light.data()).isNull();
            } else {
                assertThat(got).isSameAs(sent);
            }
        }
        List<BaseEvent> everything = new ArrayList<>();
        everything.add(blocker);
        everything.addAll(emitted);
        assertThat(fast.recorder.events())
                .as("the subscriber that kept up got everything")
                .isEqualTo(everything);
        assertThat(logger.at(LogLevel.WARNING)).hasSize(1);
    }

    private SignalBus stuckAwareBus(String name, int capacity, Duration stuckTimeout) {
        SignalBus bus = SignalBus.builder(name)
                .subscriberCapacity(capacity)
                .stuckSubscriberTimeout(stuckTimeout)
                .deliveryExecutor(delivery)
                .logger(logger)
                .build();
        buses.add(bus);
        return LifecycleEventsForTests.allowedOn(bus);
    }

    @Test
    void aSlowSubscriberFarBehindIsNeverCutOffAndGetsEveryEndingWithOneWarningForItsDroppedResults() {
        // each call takes 3 ms, far under the timeout even on a loaded machine; all of them, 1.2 s or more
        SignalBus bus = stuckAwareBus("test-slow", 10, Duration.ofMillis(400));
        List<String> received = new CopyOnWriteArrayList<>();
        bus.subscribe("slow", JobSuccessEvent.class, event -> {
            LockSupport.parkNanos(Duration.ofMillis(3).toNanos()); // slow work
            received.add(event.correlationId());
        });

        for (int i = 0; i < 400; i++) {
            bus.emit(new JobSuccessEvent("job-" + i, DummyJob.class, "result " + i));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 400);
        assertThat(received).doesNotHaveDuplicates();
        assertThat(bus.cutOffSubscribers()).isZero();
        assertThat(bus.subscriberCount()).isEqualTo(1);
        assertThat(bus.droppedResults()).isPositive();
        assertThat(logger.at(LogLevel.WARNING))
                .singleElement()
                .satisfies(line -> assertThat(line.message())
                        .contains("'slow'")
                        .contains("keeping job endings without their results once 20 wait"));
        assertThat(logger.at(LogLevel.ERROR)).isEmpty();
    }

    @Test
    void aStuckSubscriberIsCutOffAndWhatWaitedForItIsLetGoWhileItsHandlerIsStillBlocked() throws Exception {
        SignalBus bus = stuckAwareBus("test-stuck", 2, Duration.ofMillis(50));
        Blocker stuck = new Blocker();
        bus.subscribe("stuck", BaseEvent.class, stuck);
        bus.emit(new JobSuccessEvent("job-first", DummyJob.class, "first"));
        stuck.awaitEntered();
        byte[] big = new byte[1 << 20];
        WeakReference<byte[]> waiting = new WeakReference<>(big);
        bus.emit(new JobSuccessEvent("job-big", DummyJob.class, big));
        big = null;

        AtomicInteger more = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            bus.emit(new JobCancelledEvent("job-more-" + more.incrementAndGet(), DummyJob.class));
            return bus.cutOffSubscribers() == 1;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return waiting.get() == null;
        });

        assertThat(stuck.release.getCount()).as("the handler is still blocked").isEqualTo(1);
        assertThat(bus.subscriberCount()).isZero();
        assertThat(bus.awaitIdle(Duration.ofSeconds(1))).isTrue();
        assertThat(logger.at(LogLevel.ERROR))
                .singleElement()
                .satisfies(line -> assertThat(line.message())
                        .startsWith(
                                "Subscriber 'stuck' of bus 'test-stuck' is cut off: one handler call has been running"
                                        + " for longer than PT0.05S"));
        stuck.release.countDown();
    }

    @Test
    void aSubscriberHeldUpBetweenHandlerCallsIsNotStuckHoweverLongItTakes() throws Exception {
        // The delivery task logs a handler's failure after the call has returned; a logger that blocks
        // there holds the task between two calls, as a delivery thread starved of CPU would be
        CountDownLatch logging = new CountDownLatch(1);
        CountDownLatch releaseLogging = new CountDownLatch(1);
        OrchestratorLogger blockingLogger = (level, message, error) -> {
            logger.log(level, message, error);
            if (level == LogLevel.ERROR && message.contains("failed on")) {
                logging.countDown();
                try {
                    releaseLogging.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Duration stuckTimeout = Duration.ofMillis(20);
        SignalBus bus = SignalBus.builder("test-between-calls")
                .subscriberCapacity(2)
                .stuckSubscriberTimeout(stuckTimeout)
                .deliveryExecutor(delivery)
                .logger(blockingLogger)
                .build();
        buses.add(bus);
        LifecycleEventsForTests.allowedOn(bus);
        List<String> received = new CopyOnWriteArrayList<>();
        bus.subscribe("failing-once", JobEvent.class, event -> {
            received.add(event.correlationId());
            if (event.correlationId().equals("job-0")) {
                throw new IllegalStateException("boom");
            }
        });

        bus.emit(new JobCancelledEvent("job-0", DummyJob.class));
        assertThat(logging.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        AtomicInteger endings = new AtomicInteger(1);
        long heldSince = System.nanoTime();
        // endings keep arriving, the queue over its capacity, for ten times the timeout while the task
        // is held between calls
        await().pollInterval(Duration.ofMillis(5)).atMost(PROMPTLY).until(() -> {
            bus.emit(new JobCancelledEvent("job-" + endings.getAndIncrement(), DummyJob.class));
            return System.nanoTime() - heldSince > 10 * stuckTimeout.toNanos() && endings.get() > 4;
        });
        assertThat(bus.cutOffSubscribers())
                .as("cut off while no handler call ran")
                .isZero();
        assertThat(logger.at(LogLevel.WARNING))
                .as("it was behind, so each ending ran the stuck check")
                .singleElement()
                .satisfies(line -> assertThat(line.message()).contains("'failing-once'"));

        releaseLogging.countDown();
        await().atMost(PROMPTLY).until(() -> received.size() == endings.get());
        assertThat(received).doesNotHaveDuplicates();
        assertThat(bus.subscriberCount()).isEqualTo(1);
    }

    @Test
    void eachOverflowEpisodeLogsOneWarning() throws Exception {
        int capacity = 10;
        SignalBus bus = newBus("test-episodes", capacity, logger);
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch secondHeld = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        EventRecorder slow = EventRecorder.create();
        bus.subscribe("slow", Numbered.class, event -> {
            slow.accept(event);
            if (event.seq == 0) {
                hold(firstHeld, releaseFirst);
            } else if (event.seq == capacity) {
                hold(secondHeld, releaseSecond);
            }
        });

        // episode 1: held on #0, #1..#10 wait, #11..#15 are dropped
        bus.emit(new Numbered(0));
        assertThat(firstHeld.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        for (int i = 1; i <= 15; i++) {
            bus.emit(new Numbered(i));
        }
        assertThat(bus.droppedEvents()).isEqualTo(5);
        assertThat(logger.at(LogLevel.WARNING)).hasSize(1);

        // it catches up: #1..#9 delivered, held again on #10, nothing waiting
        releaseFirst.countDown();
        assertThat(secondHeld.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(seqs(slow)).isEqualTo(IntStream.rangeClosed(0, 10).boxed().collect(Collectors.toList()));

        // episode 2: #16..#25 wait, #26..#30 are dropped
        for (int i = 16; i <= 30; i++) {
            bus.emit(new Numbered(i));
        }
        assertThat(bus.droppedEvents()).isEqualTo(10);
        assertThat(logger.at(LogLevel.WARNING))
                .as("a new warning for the new overflow episode")
                .hasSize(2);

        releaseSecond.countDown();
        slow.awaitEvents(BaseEvent.class, 21);
        assertThat(seqs(slow))
                .isEqualTo(IntStream.concat(IntStream.rangeClosed(0, 10), IntStream.rangeClosed(16, 25))
                        .boxed()
                        .collect(Collectors.toList()));
    }

    @Test
    void memoryStaysBoundedUnderAMillionEventsForABlockedSubscriber() throws Exception {
        int capacity = 100;
        SignalBus bus = newBus("test-bounded", capacity, logger);
        Blocker slow = new Blocker();
        bus.subscribe(slow);

        bus.emit(new Numbered(-1));
        slow.awaitEntered();
        int total = 1_000_000;
        for (int i = 0; i < total; i++) {
            bus.emit(new Numbered(i));
        }

        assertThat(bus.droppedEvents()).isEqualTo(total - capacity);
        slow.release.countDown();
        slow.recorder.awaitEvents(BaseEvent.class, 1 + capacity);
        drain(delivery);
        assertThat(seqs(slow.recorder))
                .isEqualTo(IntStream.range(-1, capacity).boxed().collect(Collectors.toList()));
        assertThat(logger.at(LogLevel.WARNING)).hasSize(1);
    }

    @Test
    void concurrentEmittersNeverPushASubscriberPastItsCapacity() throws Exception {
        int capacity = 10;
        SignalBus bus = newBus("test-concurrent-overflow", capacity, logger);
        Blocker slow = new Blocker();
        bus.subscribe(slow);
        bus.emit(new Numbered(-1));
        slow.awaitEntered();

        int emitters = 4;
        int perEmitter = 250_000;
        BusFixtures.emitConcurrently(bus, emitters, perEmitter);

        assertThat(bus.droppedEvents()).isEqualTo((long) emitters * perEmitter - capacity);
        slow.release.countDown();
        slow.recorder.awaitEvents(BaseEvent.class, 1 + capacity);
        drain(delivery);
        assertThat(slow.recorder.events()).hasSize(1 + capacity);
    }

    @Test
    void aThrowingLoggerNeverReachesTheEmitterOrOtherSubscribers() throws Exception {
        OrchestratorLogger throwing = (level, message, error) -> {
            throw new IllegalStateException("logger down");
        };
        SignalBus bus = newBus("test-throwing-logger", 1, throwing);
        Blocker slow = new Blocker();
        bus.subscribe(slow);
        PacedRecorder fast = new PacedRecorder();
        bus.subscribe(fast);
        bus.monitor((b, event) -> {
            throw new IllegalStateException("monitor down");
        });

        fast.emitAndAwait(bus, new Numbered(0));
        slow.awaitEntered();
        for (int i = 1; i <= 5; i++) {
            int seq = i;
            // #1 waits for the slow subscriber, #2..#5 overflow it: the overflow warning fails
            assertThatCode(() -> fast.emitAndAwait(bus, new Numbered(seq))).doesNotThrowAnyException();
        }

        assertThat(seqs(fast.recorder)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(bus.droppedEvents()).isEqualTo(4);
        slow.release.countDown();
        slow.recorder.awaitEvents(BaseEvent.class, 2);
        drain(delivery);
        assertThat(seqs(slow.recorder)).containsExactly(0, 1);
    }

    @Test
    void aThrowingLoggerNeverReachesTheDeliveryThread() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        ThreadPoolExecutor recordingPool =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "logger-delivery");
                    thread.setDaemon(true);
                    thread.setUncaughtExceptionHandler((t, ex) -> uncaught.add(ex));
                    return thread;
                });
        try {
            SignalBus bus = SignalBus.builder("test-throwing-logger-delivery")
                    .deliveryExecutor(recordingPool)
                    .logger((level, message, error) -> {
                        throw new IllegalStateException("logger down");
                    })
                    .build();
            buses.add(LifecycleEventsForTests.allowedOn(bus));
            EventRecorder failing = EventRecorder.create();
            bus.subscribe(event -> {
                failing.accept(event);
                throw new IllegalArgumentException("subscriber down");
            });

            for (int i = 0; i < 3; i++) {
                bus.emit(new Numbered(i));
            }

            failing.awaitEvents(BaseEvent.class, 3);
            drain(recordingPool);
            assertThat(seqs(failing)).containsExactly(0, 1, 2);
            assertThat(uncaught)
                    .as("exceptions that escaped to the delivery thread")
                    .isEmpty();
        } finally {
            recordingPool.shutdownNow();
        }
    }

    private static void hold(CountDownLatch held, CountDownLatch release) {
        held.countDown();
        try {
            release.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A subscriber that keeps up: the test emits one event and waits until this subscriber has
     * it before emitting the next, so that it never has more than one event waiting.
     */
    private static final class PacedRecorder implements Consumer<BaseEvent> {

        final EventRecorder recorder = EventRecorder.create();
        private final Semaphore received = new Semaphore(0);

        @Override
        public void accept(BaseEvent event) {
            recorder.accept(event);
            received.release();
        }

        void emitAndAwait(SignalBus bus, BaseEvent event) throws InterruptedException {
            bus.emit(event);
            assertThat(received.tryAcquire(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                    .as("fast subscriber received %s", event)
                    .isTrue();
        }
    }
}
