package dev.orchestrator.bench;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import dev.orchestrator.bus.BusMonitor;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.NoOpLogger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

/**
 * Benchmark 4 of issue 5: fan-out latency under saturation. In each group one thread floods
 * {@value #SUBSCRIBERS} subscribers with events as fast as it can ({@code flood}), while another
 * ({@code probe}, the figure) emits a probe event and waits until all {@value #SUBSCRIBERS}
 * subscribers have handled it: JMH samples the emit-to-last-handler time of each probe. Beside the
 * latency, each group reports what its flood moved in each measured iteration ({@link FloodRates}):
 * flood events emitted per second, and flood events that reached a subscriber per second (mean over
 * the subscribers); the rest were dropped.
 *
 * <p>The probe is a terminal job event ({@code JobSuccessEvent}): the bus never drops those, so it
 * measures how long the end of a job waits behind a flood. Like for like, both sides hold at most
 * {@value #CAPACITY} events per subscriber and drop the flood's events beyond that:
 * <ul>
 *   <li>{@code signalBus}: our bus with {@code subscriberCapacity(}{@value #CAPACITY}{@code )};</li>
 *   <li>{@code disruptorDropping}: a Disruptor ring of {@value #CAPACITY} slots whose flood
 *       publishes with {@code tryPublishEvent} (dropped when the ring is full), its probe with
 *       {@code publishEvent} (waits for a slot: a terminal event is never dropped).</li>
 * </ul>
 * The other pair is not like for like but says what each design does by default:
 * {@code signalBusDefaultCapacity} (10,000 per subscriber, drops) against {@code disruptorBlocking}
 * (ring of {@value #CAPACITY}, the flood waits for a free slot and is never dropped).
 *
 * <p>The bus has a monitor that vouches for the probe events (the bus refuses lifecycle events that
 * no monitor vouches for; in an application the job registry is that monitor): one more call per
 * emit, as on any bus that an orchestrator uses.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SaturationLatencyBenchmark {

    static final int SUBSCRIBERS = 8;
    static final int CAPACITY = 1_024;
    /** The job type named by probe events. */
    static final class ProbeJob extends BaseJob {}

    static final class Slot {
        BaseEvent event;
    }

    private static final EventTranslatorOneArg<Slot, BaseEvent> TRANSLATOR =
            (slot, sequence, event) -> slot.event = event;

    /** A bus, its subscribers and their counts; one per group. */
    static final class Bus {
        final Completion probes = new Completion();
        final BenchEvent flood = new BenchEvent(0);
        final FloodRates rates;
        final ExecutorService deliveryPool;
        final SignalBus bus;

        Bus(String label, int capacity) {
            rates = new FloodRates(label, SUBSCRIBERS);
            DeliveryCounts counts = rates.counts;
            deliveryPool = Pools.fixed("bench-delivery-", SUBSCRIBERS);
            // NoOpLogger: the bus warns each time a subscriber starts to overflow, which a flood does often
            bus = SignalBus.builder("saturation")
                    .deliveryExecutor(deliveryPool)
                    .subscriberCapacity(capacity)
                    .logger(new NoOpLogger())
                    .build();
            bus.monitor(new ProbeVoucher());
            for (int i = 0; i < SUBSCRIBERS; i++) {
                int index = i;
                bus.subscribe(BaseEvent.class, event -> {
                    if (event instanceof JobSuccessEvent) {
                        probes.arrive();
                    } else {
                        counts.delivered(index);
                    }
                });
            }
        }

        void flood() {
            bus.emit(flood);
            rates.emits++;
        }

        void probe() {
            probes.arm(SUBSCRIBERS);
            bus.emit(new JobSuccessEvent("probe", ProbeJob.class, null));
            probes.await();
        }

        void close(String label) throws InterruptedException {
            long floodEmits = rates.emits;
            long flooded = floodEmits * SUBSCRIBERS;
            System.out.printf(
                    "[%s] %,d of %,d flood deliveries (%d subscribers x %,d emits) dropped (%.1f %%)%n",
                    label,
                    bus.droppedEvents(),
                    flooded,
                    SUBSCRIBERS,
                    floodEmits,
                    flooded == 0 ? 0.0 : 100.0 * bus.droppedEvents() / flooded);
            bus.close();
            Pools.stop(deliveryPool);
        }
    }

    /** Vouches for the probes, as the job registry vouches for the events of its jobs. */
    static final class ProbeVoucher implements BusMonitor {
        @Override
        public void onEmit(SignalBus bus, BaseEvent event) {}

        @Override
        public boolean vouchesFor(SignalBus bus, JobEvent event) {
            return event.jobType() == ProbeJob.class;
        }
    }

    /** The bus with the Disruptor's capacity per subscriber. */
    @State(Scope.Group)
    public static class BusState {
        Bus bus;

        @Setup(Level.Trial)
        public void setUp() {
            bus = new Bus("signalBus", CAPACITY);
        }

        @Setup(Level.Iteration)
        public void begin() {
            bus.rates.begin();
        }

        @TearDown(Level.Iteration)
        public void end(IterationParams iteration) {
            bus.rates.end(iteration);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            bus.close("signalBus");
        }
    }

    /** The bus with its default capacity per subscriber. */
    @State(Scope.Group)
    public static class DefaultCapacityBusState {
        Bus bus;

        @Setup(Level.Trial)
        public void setUp() {
            bus = new Bus("signalBusDefaultCapacity", SignalBus.DEFAULT_SUBSCRIBER_CAPACITY);
        }

        @Setup(Level.Iteration)
        public void begin() {
            bus.rates.begin();
        }

        @TearDown(Level.Iteration)
        public void end(IterationParams iteration) {
            bus.rates.end(iteration);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            bus.close("signalBusDefaultCapacity");
        }
    }

    /** A Disruptor with {@value #SUBSCRIBERS} handlers, one thread each; one per group. */
    @State(Scope.Group)
    public static class DisruptorState {
        @Param({WaitStrategies.SATURATION})
        public String waitStrategy;

        final Completion probes = new Completion();
        final BenchEvent flood = new BenchEvent(0);
        Disruptor<Slot> disruptor;
        RingBuffer<Slot> ring;
        FloodRates rates;
        long floodDropped; // written by the flood thread only

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams benchmark) {
            String name = benchmark.getBenchmark();
            rates = new FloodRates(name.substring(name.lastIndexOf('.') + 1) + "[" + waitStrategy + "]", SUBSCRIBERS);
            DeliveryCounts counts = rates.counts;
            disruptor = new Disruptor<>(
                    Slot::new,
                    CAPACITY,
                    DaemonThreadFactory.INSTANCE,
                    ProducerType.MULTI,
                    WaitStrategies.of(waitStrategy));
            @SuppressWarnings("unchecked")
            EventHandler<Slot>[] handlers = new EventHandler[SUBSCRIBERS];
            for (int i = 0; i < SUBSCRIBERS; i++) {
                int index = i;
                handlers[i] = (slot, sequence, endOfBatch) -> {
                    if (slot.event instanceof JobSuccessEvent) {
                        probes.arrive();
                    } else {
                        counts.delivered(index);
                    }
                };
            }
            disruptor.handleEventsWith(handlers);
            ring = disruptor.start();
        }

        @Setup(Level.Iteration)
        public void begin() {
            rates.begin();
        }

        @TearDown(Level.Iteration)
        public void end(IterationParams iteration) {
            rates.end(iteration);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            long floodEmits = rates.emits;
            if (floodDropped > 0) {
                System.out.printf(
                        "[disruptorDropping] %,d of %,d flood events dropped (%.1f %%)%n",
                        floodDropped, floodEmits, 100.0 * floodDropped / floodEmits);
            }
            disruptor.halt();
        }

        void probe() {
            probes.arm(SUBSCRIBERS);
            ring.publishEvent(TRANSLATOR, new JobSuccessEvent("probe", ProbeJob.class, null));
            probes.await();
        }
    }

    @Benchmark
    @Group("signalBus")
    @GroupThreads(1)
    public void signalBusFlood(BusState s) {
        s.bus.flood();
    }

    @Benchmark
    @Group("signalBus")
    @GroupThreads(1)
    public void signalBusProbe(BusState s) {
        s.bus.probe();
    }

    @Benchmark
    @Group("disruptorDropping")
    @GroupThreads(1)
    public void disruptorDroppingFlood(DisruptorState s) {
        if (!s.ring.tryPublishEvent(TRANSLATOR, s.flood)) {
            s.floodDropped++;
        }
        s.rates.emits++;
    }

    @Benchmark
    @Group("disruptorDropping")
    @GroupThreads(1)
    public void disruptorDroppingProbe(DisruptorState s) {
        s.probe();
    }

    @Benchmark
    @Group("signalBusDefaultCapacity")
    @GroupThreads(1)
    public void signalBusDefaultCapacityFlood(DefaultCapacityBusState s) {
        s.bus.flood();
    }

    @Benchmark
    @Group("signalBusDefaultCapacity")
    @GroupThreads(1)
    public void signalBusDefaultCapacityProbe(DefaultCapacityBusState s) {
        s.bus.probe();
    }

    @Benchmark
    @Group("disruptorBlocking")
    @GroupThreads(1)
    public void disruptorBlockingFlood(DisruptorState s) {
        s.ring.publishEvent(TRANSLATOR, s.flood);
        s.rates.emits++;
    }

    @Benchmark
    @Group("disruptorBlocking")
    @GroupThreads(1)
    public void disruptorBlockingProbe(DisruptorState s) {
        s.probe();
    }
}
