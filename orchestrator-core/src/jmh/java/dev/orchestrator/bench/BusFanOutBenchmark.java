package dev.orchestrator.bench;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import dev.orchestrator.bus.SignalBus;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Benchmark 2 of issue 5: emit {@value #EVENTS} events to {@value #SUBSCRIBERS} subscribers with
 * ordered asynchronous delivery, until every subscriber has received every event. One operation is
 * one burst of {@value #EVENTS} events. Events are created beforehand (the same instances for all
 * three), so that delivery is measured, not event construction.
 *
 * <ul>
 *   <li>{@code signalBus}: our bus, its delivery on an 8-thread pool;</li>
 *   <li>{@code disruptor}: LMAX Disruptor 4, one handler (thread) per subscriber, a single producer,
 *       a ring of {@value #RING} slots that holds a whole burst, the wait strategy of the parameter
 *       {@code waitStrategy} ({@link WaitStrategies}; by default the one that measured fastest
 *       here, see docs/benchmarks.md);</li>
 *   <li>{@code reactor}: Reactor {@code Sinks.many().multicast()} with {@code publishOn} per
 *       subscriber on the same 8-thread pool as the bus;</li>
 *   <li>{@code pooledTasksFloor}, a reference, not a target: the least that the bus's design costs
 *       before any of its promises. One array that every subscriber reads with a cursor of its own,
 *       each subscriber a task on the same 8-thread pool (no thread of its own), handed to the pool
 *       by the emitter when it has run dry; no types, admission, overflow, batches or stuck
 *       check.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
// 6 warm-up seconds: the bus's burst time fell until the 5th one-second iteration (6.5 to 5.3 ms);
// the Disruptor and Reactor are steady after 2-3
@Warmup(iterations = 6, time = 1)
// 10 iterations of 0.5 s rather than 5 of 1 s: the same measured time, twice the samples for the
// run script's medians and intervals (issue 11)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class BusFanOutBenchmark {

    static final int EVENTS = 10_000;
    static final int SUBSCRIBERS = 8;
    static final int RING = 16_384;

    /** Counts what one subscriber received; arrives at the completion after each full burst. */
    static final class Counter implements Consumer<Object>, EventHandler<Slot> {
        private final Completion completion;
        private long seen;

        Counter(Completion completion) {
            this.completion = completion;
        }

        @Override
        public void accept(Object event) {
            if (++seen % EVENTS == 0) {
                completion.arrive();
            }
        }

        @Override
        public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
            accept(slot.event);
        }
    }

    /** A ring slot: carries a reference to the emitted event, as a bus does. */
    static final class Slot {
        BenchEvent event;
    }

    @State(Scope.Benchmark)
    public static class BusState {
        final Completion completion = new Completion();
        final BenchEvent[] events = BenchEvent.batch(EVENTS);
        ExecutorService deliveryPool;
        SignalBus bus;

        @Setup(Level.Trial)
        public void setUp() {
            deliveryPool = Pools.fixed("bench-delivery-", SUBSCRIBERS);
            bus = SignalBus.builder("fan-out").deliveryExecutor(deliveryPool).build();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                bus.subscribe(BenchEvent.class, new Counter(completion));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            bus.close();
            Pools.stop(deliveryPool);
        }
    }

    @State(Scope.Benchmark)
    public static class DisruptorState {
        @Param({WaitStrategies.FAN_OUT})
        public String waitStrategy;

        final Completion completion = new Completion();
        final BenchEvent[] events = BenchEvent.batch(EVENTS);
        Disruptor<Slot> disruptor;
        RingBuffer<Slot> ring;

        @Setup(Level.Trial)
        public void setUp() {
            disruptor = new Disruptor<>(
                    Slot::new,
                    RING,
                    DaemonThreadFactory.INSTANCE,
                    ProducerType.SINGLE,
                    WaitStrategies.of(waitStrategy));
            Counter[] handlers = new Counter[SUBSCRIBERS];
            for (int i = 0; i < SUBSCRIBERS; i++) {
                handlers[i] = new Counter(completion);
            }
            disruptor.handleEventsWith(handlers);
            ring = disruptor.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            disruptor.halt();
        }
    }

    @State(Scope.Benchmark)
    public static class ReactorState {
        final Completion completion = new Completion();
        final BenchEvent[] events = BenchEvent.batch(EVENTS);
        ExecutorService deliveryPool;
        Scheduler scheduler;
        Sinks.Many<BenchEvent> sink;
        final Disposable[] subscriptions = new Disposable[SUBSCRIBERS];

        @Setup(Level.Trial)
        public void setUp() {
            deliveryPool = Pools.fixed("bench-delivery-", SUBSCRIBERS);
            scheduler = Schedulers.fromExecutorService(deliveryPool);
            sink = Sinks.many().multicast().onBackpressureBuffer(EVENTS, false);
            for (int i = 0; i < SUBSCRIBERS; i++) {
                Counter counter = new Counter(completion);
                subscriptions[i] = sink.asFlux().publishOn(scheduler).subscribe(counter);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            for (Disposable subscription : subscriptions) {
                subscription.dispose();
            }
            scheduler.dispose();
            Pools.stop(deliveryPool);
        }
    }

    /** The floor's subscribers: tasks on a shared pool reading one array, woken when they ran dry. */
    @State(Scope.Benchmark)
    public static class FloorState {
        static final int MASK = RING - 1;

        final Completion completion = new Completion();
        final BenchEvent[] events = BenchEvent.batch(EVENTS);
        /** Positions in a ring larger than a burst: a burst ends only when every reader has caught up. */
        final Object[] log = new Object[RING];

        volatile long head;
        ExecutorService deliveryPool;
        Reader[] readers;

        /** One subscriber: reads from its cursor to the head, then gives its thread back. */
        final class Reader implements Runnable {
            final AtomicBoolean scheduled = new AtomicBoolean();
            final Counter counter = new Counter(completion);
            long cursor;

            @Override
            public void run() {
                while (true) {
                    long known = head;
                    while (cursor < known) {
                        counter.accept(log[(int) (cursor & MASK)]);
                        cursor++;
                    }
                    scheduled.set(false);
                    // the emitter writes the head, then reads the flag; this wrote the flag, now reads the head
                    if (head == cursor || !scheduled.compareAndSet(false, true)) {
                        return;
                    }
                }
            }
        }

        @Setup(Level.Trial)
        public void setUp() {
            deliveryPool = Pools.fixed("bench-delivery-", SUBSCRIBERS);
            readers = new Reader[SUBSCRIBERS];
            for (int i = 0; i < SUBSCRIBERS; i++) {
                readers[i] = new Reader();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            Pools.stop(deliveryPool);
        }

        void emit(Object event) {
            long position = head;
            log[(int) (position & MASK)] = event;
            head = position + 1; // one producer: a volatile store publishes the slot
            for (Reader reader : readers) {
                if (!reader.scheduled.get() && reader.scheduled.compareAndSet(false, true)) {
                    deliveryPool.execute(reader);
                }
            }
        }
    }

    @Benchmark
    public void signalBus(BusState s) {
        s.completion.arm(SUBSCRIBERS);
        for (BenchEvent event : s.events) {
            s.bus.emit(event);
        }
        s.completion.await();
    }

    @Benchmark
    public void disruptor(DisruptorState s) {
        s.completion.arm(SUBSCRIBERS);
        RingBuffer<Slot> ring = s.ring;
        for (BenchEvent event : s.events) {
            long sequence = ring.next();
            ring.get(sequence).event = event;
            ring.publish(sequence);
        }
        s.completion.await();
    }

    /** Reference, not a target: see {@link FloorState}. */
    @Benchmark
    public void pooledTasksFloor(FloorState s) {
        s.completion.arm(SUBSCRIBERS);
        for (BenchEvent event : s.events) {
            s.emit(event);
        }
        s.completion.await();
    }

    @Benchmark
    public void reactor(ReactorState s) {
        s.completion.arm(SUBSCRIBERS);
        for (BenchEvent event : s.events) {
            // a full subscriber buffer fails the emit: retry it, as emitNext's busy-looping handler would
            Sinks.EmitResult result;
            while ((result = s.sink.tryEmitNext(event)) == Sinks.EmitResult.FAIL_OVERFLOW) {
                Thread.yield();
            }
            result.orThrow();
        }
        s.completion.await();
    }
}
