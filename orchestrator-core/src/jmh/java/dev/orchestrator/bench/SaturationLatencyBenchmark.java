package dev.orchestrator.bench;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 4 of issue 5: fan-out latency under saturation. In each group one thread floods
 * {@value #SUBSCRIBERS} subscribers with events as fast as it can ({@code flood}), while another
 * ({@code probe}, the figure) emits a probe event and waits until all {@value #SUBSCRIBERS}
 * subscribers have handled it: JMH samples the emit-to-last-handler time of each probe.
 *
 * <p>The probe is a terminal job event ({@code JobSuccessEvent}): the bus never drops those, so it
 * measures how long the end of a job waits behind a flood. The Disruptor ring is bounded
 * ({@value #RING} slots) and makes the flooding producer wait; the bus never blocks an emitter and
 * instead drops non-terminal events beyond each subscriber's capacity.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SaturationLatencyBenchmark {

    static final int SUBSCRIBERS = 8;
    static final int RING = 1_024;

    /** The job type named by probe events. */
    static final class ProbeJob extends BaseJob {}

    static final class Slot {
        BaseEvent event;
    }

    @State(Scope.Group)
    public static class BusState {
        final Completion probes = new Completion();
        final BenchEvent flood = new BenchEvent(0);
        long floodEmits; // written by the flood thread only
        ExecutorService deliveryPool;
        SignalBus bus;

        @Setup(Level.Trial)
        public void setUp() {
            deliveryPool = Pools.fixed("bench-delivery-", SUBSCRIBERS);
            // NoOpLogger: the bus warns each time a subscriber starts to overflow, which a flood does often
            bus = SignalBus.builder("saturation")
                    .deliveryExecutor(deliveryPool)
                    .logger(new NoOpLogger())
                    .build();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                bus.subscribe(BaseEvent.class, event -> {
                    if (event instanceof JobSuccessEvent) {
                        probes.arrive();
                    }
                });
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            System.out.printf(
                    "[signalBus] %,d of %,d flood deliveries (%d subscribers x %,d emits) dropped for subscribers that were behind%n",
                    bus.droppedEvents(), floodEmits * SUBSCRIBERS, SUBSCRIBERS, floodEmits);
            bus.close();
            Pools.stop(deliveryPool);
        }
    }

    @State(Scope.Group)
    public static class DisruptorState {
        final Completion probes = new Completion();
        final BenchEvent flood = new BenchEvent(0);
        Disruptor<Slot> disruptor;
        RingBuffer<Slot> ring;

        @Setup(Level.Trial)
        public void setUp() {
            disruptor = new Disruptor<>(
                    Slot::new, RING, DaemonThreadFactory.INSTANCE, ProducerType.MULTI, new BlockingWaitStrategy());
            @SuppressWarnings("unchecked")
            EventHandler<Slot>[] handlers = new EventHandler[SUBSCRIBERS];
            for (int i = 0; i < SUBSCRIBERS; i++) {
                handlers[i] = (slot, sequence, endOfBatch) -> {
                    if (slot.event instanceof JobSuccessEvent) {
                        probes.arrive();
                    }
                };
            }
            disruptor.handleEventsWith(handlers);
            ring = disruptor.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            disruptor.halt();
        }

        void publish(BaseEvent event) {
            long sequence = ring.next();
            ring.get(sequence).event = event;
            ring.publish(sequence);
        }
    }

    @Benchmark
    @Group("signalBus")
    @GroupThreads(1)
    public void signalBusFlood(BusState s) {
        s.bus.emit(s.flood);
        s.floodEmits++;
    }

    @Benchmark
    @Group("signalBus")
    @GroupThreads(1)
    public void signalBusProbe(BusState s) {
        s.probes.arm(SUBSCRIBERS);
        s.bus.emit(new JobSuccessEvent("probe", ProbeJob.class, null));
        s.probes.await();
    }

    @Benchmark
    @Group("disruptor")
    @GroupThreads(1)
    public void disruptorFlood(DisruptorState s) {
        s.publish(s.flood);
    }

    @Benchmark
    @Group("disruptor")
    @GroupThreads(1)
    public void disruptorProbe(DisruptorState s) {
        s.probes.arm(SUBSCRIBERS);
        s.publish(new JobSuccessEvent("probe", ProbeJob.class, null));
        s.probes.await();
    }
}
