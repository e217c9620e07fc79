package dev.orchestrator.bus;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.bus.BusFixtures.PROMPTLY;
import static dev.orchestrator.bus.BusFixtures.pool;
import static dev.orchestrator.bus.BusFixtures.seqs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.LifecycleEventsForTests;
import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.BusFixtures.Blocker;
import dev.orchestrator.bus.BusFixtures.DummyJob;
import dev.orchestrator.bus.BusFixtures.Numbered;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.test.EventRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pins SignalBus delivery (contract 1, 3, 10): async, ordered, serial, isolated, pooled, typed. */
class SignalBusDeliveryTest {

    private final List<ExecutorService> pools = new ArrayList<>();
    private final List<SignalBus> buses = new ArrayList<>();
    private final RecordingLogger logger = new RecordingLogger();

    @AfterEach
    void tearDown() throws InterruptedException {
        buses.forEach(SignalBus::close);
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();
        }
    }

    private ThreadPoolExecutor newPool(String prefix, int threads) {
        ThreadPoolExecutor pool = pool(prefix, threads);
        pools.add(pool);
        return pool;
    }

    private SignalBus newBus(SignalBus.Builder builder) {
        SignalBus bus = LifecycleEventsForTests.allowedOn(builder.logger(logger).build());
        buses.add(bus);
        return bus;
    }

    @Test
    void emitNeverRunsASubscriberOnTheCallersThreadAndReturnsWhileItIsBlocked() throws Exception {
        SignalBus bus = newBus(SignalBus.builder("test-async"));
        Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
        Blocker blocker = new Blocker();
        bus.subscribe(event -> {
            handlerThreads.add(Thread.currentThread());
            blocker.accept(event);
        });

        bus.emit(new Numbered(0));
        blocker.awaitEntered();
        // the subscriber is blocked; these emits return all the same
        bus.emit(new Numbered(1));
        bus.emit(new Numbered(2));

        assertThat(blocker.release.getCount()).as("subscriber still blocked").isEqualTo(1);
        assertThat(seqs(blocker.recorder)).containsExactly(0);
        assertThat(handlerThreads).hasSize(1).doesNotContain(Thread.currentThread());

        blocker.release.countDown();
        blocker.recorder.awaitEvents(BaseEvent.class, 3);
        assertThat(handlerThreads).doesNotContain(Thread.currentThread());
    }

    @Test
    void eachSubscriberReceivesEventsFromOneThreadInEmissionOrder() {
        SignalBus bus = newBus(SignalBus.builder("test-order"));
        List<EventRecorder> recorders =
                IntStream.range(0, 4).mapToObj(i -> EventRecorder.create()).collect(Collectors.toList());
        recorders.forEach(r -> bus.subscribe(Numbered.class, r));

        int total = 10_000;
        for (int i = 0; i < total; i++) {
            bus.emit(new Numbered(i));
        }

        List<Integer> expected = IntStream.range(0, total).boxed().collect(Collectors.toList());
        for (EventRecorder recorder : recorders) {
            recorder.awaitEvents(BaseEvent.class, total);
            assertThat(seqs(recorder)).isEqualTo(expected);
        }
        assertThat(bus.droppedEvents()).isZero();
    }

    @Test
    void eventsEmittedConcurrentlyArriveInEachEmittersOrderAtEverySubscriber() throws Exception {
        SignalBus bus = newBus(SignalBus.builder("test-concurrent-order")
                .deliveryExecutor(newPool("order-delivery-", 4))
                .subscriberCapacity(Integer.MAX_VALUE));
        List<EventRecorder> recorders =
                IntStream.range(0, 4).mapToObj(i -> EventRecorder.create()).collect(Collectors.toList());
        recorders.forEach(r -> bus.subscribe(Numbered.class, r));

        int emitters = 4;
        int perEmitter = 5_000;
        BusFixtures.emitConcurrently(bus, emitters, perEmitter);

        for (EventRecorder recorder : recorders) {
            recorder.awaitEvents(BaseEvent.class, emitters * perEmitter);
            List<Numbered> received = recorder.events(Numbered.class);
            for (int source = 0; source < emitters; source++) {
                int from = source;
                List<Integer> ofSource = received.stream()
                        .filter(e -> e.source == from)
                        .map(e -> e.seq)
                        .collect(Collectors.toList());
                assertThat(ofSource)
                        .as("events of emitter %d", source)
                        .isEqualTo(IntStream.range(0, perEmitter).boxed().collect(Collectors.toList()));
            }
        }
    }

    @Test
    void aSubscriberIsNeverCalledConcurrentlyWithItselfAndNeedsNoLocking() throws Exception {
        SignalBus bus = newBus(SignalBus.builder("test-serial")
                .deliveryExecutor(newPool("serial-delivery-", 8))
                .subscriberCapacity(Integer.MAX_VALUE));
        int emitters = 4;
        int perEmitter = 5_000;
        int total = emitters * perEmitter;
        List<SerialProbe> probes =
                IntStream.range(0, 4).mapToObj(i -> new SerialProbe()).collect(Collectors.toList());
        probes.forEach(probe -> bus.subscribe(probe));

        BusFixtures.emitConcurrently(bus, emitters, perEmitter);

        for (SerialProbe probe : probes) {
            eventually().until(() -> probe.delivered.get() == total);
            assertThat(probe.overlaps.get())
                    .as("calls that overlapped another call")
                    .isZero();
            // plain field, incremented without synchronisation on several delivery threads
            assertThat(probe.plainCount()).isEqualTo(total);
        }
        assertThat(probes.stream().flatMap(p -> p.threads.stream()).collect(Collectors.toSet()))
                .as("delivery went through several pool threads")
                .hasSizeGreaterThan(1);
    }

    @Test
    void aBlockedSubscriberDelaysNoOtherSubscriberEvenOnATwoThreadPool() throws Exception {
        SignalBus bus = newBus(SignalBus.builder("test-slow").deliveryExecutor(newPool("slow-delivery-", 2)));
        Blocker slow = new Blocker();
        bus.subscribe(slow);
        List<EventRecorder> others =
                IntStream.range(0, 10).mapToObj(i -> EventRecorder.create()).collect(Collectors.toList());
        others.forEach(bus::subscribe);

        int total = 1_000;
        bus.emit(new Numbered(0));
        slow.awaitEntered();
        for (int i = 1; i < total; i++) {
            bus.emit(new Numbered(i));
        }

        for (EventRecorder other : others) {
            other.awaitEvents(BaseEvent.class, total);
        }
        assertThat(slow.release.getCount()).as("slow subscriber still blocked").isEqualTo(1);
        assertThat(seqs(slow.recorder)).containsExactly(0);

        slow.release.countDown();
        slow.recorder.awaitEvents(BaseEvent.class, total);
        assertThat(seqs(slow.recorder))
                .isEqualTo(IntStream.range(0, total).boxed().collect(Collectors.toList()));
    }

    @Test
    void aBusySubscriberGivesItsThreadBackAfterABatch() throws Exception {
        ThreadPoolExecutor single = newPool("single-delivery-", 1);
        SignalBus bus = newBus(SignalBus.builder("test-fair").deliveryExecutor(single));
        EventRecorder first = EventRecorder.create();
        AtomicInteger firstCountWhenSecondStarted = new AtomicInteger(-1);
        EventRecorder second = EventRecorder.create();
        bus.subscribe(first);
        bus.subscribe(event -> {
            firstCountWhenSecondStarted.compareAndSet(-1, first.events().size());
            second.accept(event);
        });
        // hold the only delivery thread so that both delivery tasks queue up behind it
        CountDownLatch gate = new CountDownLatch(1);
        single.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });

        int total = 4 * SignalBus.DELIVERY_BATCH;
        for (int i = 0; i < total; i++) {
            bus.emit(new Numbered(i));
        }
        gate.countDown();

        first.awaitEvents(BaseEvent.class, total);
        second.awaitEvents(BaseEvent.class, total);
        assertThat(firstCountWhenSecondStarted.get())
                .as("events the first subscriber got before the second got its turn on the only thread")
                .isEqualTo(SignalBus.DELIVERY_BATCH);
    }

    @Test
    void aThrowingSubscriberIsLoggedAndKeepsReceivingWhileOthersAreUnaffected() {
        SignalBus bus = newBus(SignalBus.builder("test-throwing"));
        EventRecorder thrower = EventRecorder.create();
        bus.subscribe("thrower", BaseEvent.class, event -> {
            thrower.accept(event);
            int seq = ((Numbered) event).seq;
            if (seq % 2 == 0) {
                throw new IllegalStateException("boom " + seq);
            }
            if (seq == 3) {
                throw new AssertionError("an Error " + seq);
            }
        });
        EventRecorder other = EventRecorder.create();
        bus.subscribe(other);

        for (int i = 0; i < 6; i++) {
            bus.emit(new Numbered(i));
        }

        thrower.awaitEvents(BaseEvent.class, 6);
        other.awaitEvents(BaseEvent.class, 6);
        assertThat(seqs(thrower)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(seqs(other)).containsExactly(0, 1, 2, 3, 4, 5);
        eventually().until(() -> logger.at(LogLevel.ERROR).size() == 4);
        List<RecordingLogger.Line> errors = logger.at(LogLevel.ERROR);
        assertThat(errors)
                .allSatisfy(e -> assertThat(e.message()).contains("thrower").contains("test-throwing"));
        assertThat(errors)
                .extracting(e -> e.error().getMessage())
                .containsExactly("boom 0", "boom 2", "an Error 3", "boom 4");
    }

    @Test
    void noThreadIsDedicatedToASubscriber() throws Exception {
        ThreadPoolExecutor twoThreads = newPool("shared-delivery-", 2);
        SignalBus bus = newBus(SignalBus.builder("test-shared").deliveryExecutor(twoThreads));
        int subscribers = 1_000;
        int events = 5;
        Set<Thread> deliveryThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger delivered = new AtomicInteger();
        for (int i = 0; i < subscribers; i++) {
            bus.subscribe(event -> {
                deliveryThreads.add(Thread.currentThread());
                delivered.incrementAndGet();
            });
        }
        assertThat(bus.subscriberCount()).isEqualTo(subscribers);

        for (int i = 0; i < events; i++) {
            bus.emit(new Numbered(i));
        }

        eventually().until(() -> delivered.get() == subscribers * events);
        assertThat(deliveryThreads)
                .hasSizeLessThanOrEqualTo(2)
                .allSatisfy(t -> assertThat(t.getName()).startsWith("shared-delivery-"));
        assertThat(twoThreads.getLargestPoolSize()).isLessThanOrEqualTo(2);
    }

    @Test
    void aTypedSubscriptionReceivesOnlyThatTypeAndItsSubtypes() {
        SignalBus bus = newBus(SignalBus.builder("test-typed"));
        EventRecorder animals = EventRecorder.create();
        EventRecorder jobEvents = EventRecorder.create();
        EventRecorder dogs = EventRecorder.create();
        bus.subscribe(Animal.class, animals);
        bus.subscribe(JobEvent.class, jobEvents);
        bus.subscribe(Dog.class, dogs);

        Animal cat = new Animal("cat");
        Dog rex = new Dog("rex");
        Plant fern = new Plant("fern");
        JobSuccessEvent success = new JobSuccessEvent("job-1", DummyJob.class, 42);
        JobProgressEvent progress = new JobProgressEvent("job-1", DummyJob.class, 0.5, null, null, null);
        bus.emit(cat);
        bus.emit(fern);
        bus.emit(progress);
        bus.emit(rex);
        bus.emit(success);
        // markers, emitted last: once each subscriber has its marker, nothing else is on its way
        Dog animalMarker = new Dog("marker");
        JobSuccessEvent jobMarker = new JobSuccessEvent("job-marker", DummyJob.class, null);
        bus.emit(animalMarker);
        bus.emit(jobMarker);

        eventually()
                .until(() -> animals.events().contains(animalMarker)
                        && dogs.events().contains(animalMarker)
                        && jobEvents.events().contains(jobMarker));
        assertThat(animals.events()).containsExactly(cat, rex, animalMarker);
        assertThat(dogs.events()).containsExactly(rex, animalMarker);
        assertThat(jobEvents.events()).containsExactly(progress, success, jobMarker);
    }

    /** An executor may refuse with {@link RejectedExecutionException} or with any other exception. */
    static Stream<RuntimeException> refusals() {
        return Stream.of(
                new RejectedExecutionException("pool is full"), new IllegalStateException("executor is stopping"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aRejectedDeliveryIsLoggedAndTheEventArrivesWithTheNextEmit(RuntimeException refusal) {
        ThreadPoolExecutor delivery = newPool("flaky-delivery-", 1);
        AtomicBoolean rejectNext = new AtomicBoolean(true);
        SignalBus bus = newBus(SignalBus.builder("test-rejecting").deliveryExecutor(task -> {
            if (rejectNext.getAndSet(false)) {
                throw refusal;
            }
            delivery.execute(task);
        }));
        EventRecorder recorder = EventRecorder.create();
        bus.subscribe(recorder);

        bus.emit(new Numbered(0));
        assertThat(logger.at(LogLevel.ERROR)).singleElement().satisfies(e -> {
            assertThat(e.message()).contains("test-rejecting");
            assertThat(e.error()).isSameAs(refusal);
        });
        bus.emit(new Numbered(1));

        recorder.awaitEvents(BaseEvent.class, 2);
        assertThat(seqs(recorder)).containsExactly(0, 1);
    }

    @Test
    void theDefaultBusDeliversOnSharedDaemonThreads() {
        SignalBus bus = newBus(SignalBus.builder("test-default-pool"));
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger delivered = new AtomicInteger();
        int subscribers = 1_000;
        for (int i = 0; i < subscribers; i++) {
            bus.subscribe(event -> {
                threads.add(Thread.currentThread());
                delivered.incrementAndGet();
            });
        }

        bus.emit(new Numbered(0));

        eventually().until(() -> delivered.get() == subscribers);
        assertThat(threads).hasSizeLessThan(subscribers).allSatisfy(t -> {
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getName()).startsWith("orchestrator-bus-");
        });
    }

    /** Detects a call that overlaps another call of the same subscriber. */
    private static final class SerialProbe implements java.util.function.Consumer<BaseEvent> {

        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger delivered = new AtomicInteger();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        private int plain;

        @Override
        public void accept(BaseEvent event) {
            if (inFlight.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            threads.add(Thread.currentThread());
            plain++;
            for (int i = 0; i < 20; i++) {
                Thread.onSpinWait();
            }
            inFlight.decrementAndGet();
            delivered.incrementAndGet();
        }

        /** Read after {@link #delivered} reached the total, which orders it after the last write. */
        int plainCount() {
            return plain;
        }
    }

    static class Animal extends BaseEvent {
        Animal(String name) {
            super(name);
        }
    }

    static final class Dog extends Animal {
        Dog(String name) {
            super(name);
        }
    }

    static final class Plant extends BaseEvent {
        Plant(String name) {
            super(name);
        }
    }

    @Test
    void aSubscribersNameSuppliedLazilyIsReadWhenFirstNeededNotWhenItSubscribes() {
        SignalBus bus = newBus(SignalBus.builder("test-lazy-name"));
        java.util.concurrent.atomic.AtomicReference<String> name = new java.util.concurrent.atomic.AtomicReference<>();

        Subscription subscription = bus.subscribe(name::get, BaseEvent.class, null, event -> {});
        name.set("CartOrchestrator"); // as a subclass constructor sets the field its name() reads

        assertThat(subscription.toString()).isEqualTo("Subscription[CartOrchestrator on test-lazy-name]");
        Subscription unnamed = bus.subscribe(() -> null, BaseEvent.class, null, event -> {});
        assertThat(unnamed.toString()).matches("Subscription\\[subscriber-\\d+ on test-lazy-name]");
    }
}
