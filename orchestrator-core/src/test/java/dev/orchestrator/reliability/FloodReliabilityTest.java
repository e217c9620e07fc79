package dev.orchestrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.CircuitBreakerTrip;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reliability suite, flood (contract points 3, 9 and the bus's memory bound): a feedback loop between
 * two orchestrators, kept going as fast as two threads can emit for 10 s. The circuit breaker must trip,
 * heap growth must stay under {@value #HEAP_GROWTH_BOUND_MB} MB, a probe event of another type must keep
 * being handled promptly by the flooded orchestrator, and jobs must keep completing. The loop alone would
 * be cut by the breaker within its first second; {@link #FLOODERS} threads keep feeding it for the whole
 * flood, each emitting as fast as it can, and each side answers every event it handles with two.
 */
@Tag("reliability")
class FloodReliabilityTest {

    /** Threads that keep the loop going, each emitting as fast as it can: as many as there are cores here. */
    static final int FLOODERS = Integer.getInteger("flood.threads", 2);
    /** How long the flood lasts; the issue asks for 10 s (override with {@code -Dflood.seconds}). */
    static final Duration FLOOD = Duration.ofSeconds(Long.getLong("flood.seconds", 10));
    /**
     * Used heap after a full GC may grow at most this much. What the flood legitimately keeps: at most
     * {@code subscriberCapacity} (10,000) waiting events per subscriber, 2 subscribers, about 100 B each
     * (2 MB), plus the trip log (at most 1,000 trips). The flood emits 20 to 40 million events: 64 MB is
     * less than 2 B per event, so anything kept per event (one 16-byte object) or a queue that grows
     * with the flood would exceed it many times over.
     */
    static final long HEAP_GROWTH_BOUND_MB = 64;
    /** Probe events of another type are emitted this often during the flood. */
    static final Duration PROBE_EVERY = Duration.ofMillis(50);
    /** Each probe must be handled this soon after it is emitted. */
    static final Duration PROBE_BOUND = Duration.ofSeconds(1);
    /** A plain job dispatched during the flood must complete (its success handled) this soon. */
    static final Duration JOB_BOUND = Duration.ofSeconds(1);

    static final class PingEvent extends BaseEvent {
        PingEvent() {
            super("ping");
        }
    }

    static final class PongEvent extends BaseEvent {
        PongEvent() {
            super("pong");
        }
    }

    /** Another event type, emitted at a modest rate during the flood. */
    static final class ProbeEvent extends BaseEvent {
        final long emittedNanos = System.nanoTime();

        ProbeEvent(long sequence) {
            super("probe-" + sequence);
        }
    }

    static final class PlainJob extends BaseJob {
        final long dispatchedNanos = System.nanoTime();
    }

    static final class PlainExecutor extends BaseExecutor<PlainJob> {
        @Override
        protected Object process(PlainJob job) {
            return job.dispatchedNanos;
        }
    }

    /** One side of the loop: each event of the other side's type it handles makes it emit two of its own. */
    static final class LoopOrchestrator extends BaseOrchestrator<Long> {
        final String label;
        final Class<? extends BaseEvent> reactsTo;
        final boolean emitsPing;
        final AtomicLong handledLoopEvents = new AtomicLong();
        final AtomicLong probesHandled = new AtomicLong();
        final AtomicLong maxProbeLatency = new AtomicLong();
        final CopyOnWriteArrayList<Long> jobLatencies = new CopyOnWriteArrayList<>();
        final AtomicBoolean looping = new AtomicBoolean(true);

        LoopOrchestrator(
                String label,
                Class<? extends BaseEvent> reactsTo,
                boolean emitsPing,
                Dispatcher dispatcher,
                SignalBus bus) {
            super(0L, dispatcher, bus);
            this.label = label;
            this.reactsTo = reactsTo;
            this.emitsPing = emitsPing;
            start();
        }

        @Override
        public String name() {
            return label;
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            if (event instanceof ProbeEvent) {
                probesHandled.incrementAndGet();
                maxProbeLatency.accumulateAndGet(System.nanoTime() - ((ProbeEvent) event).emittedNanos, Math::max);
            } else if (reactsTo.isInstance(event) && looping.get()) {
                handledLoopEvents.incrementAndGet();
                for (int i = 0; i < 2; i++) {
                    bus().emit(emitsPing ? new PingEvent() : new PongEvent());
                }
            }
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            jobLatencies.add(System.nanoTime() - (Long) event.data());
        }
    }

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private Dispatcher dispatcher;
    private SignalBus bus;

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void feedbackLoopFloodTripsTheBreakerKeepsHeapBoundedAndOtherEventsAndJobsFlowing() throws Exception {
        OrchestratorConfig config =
                OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build(); // default limit: 50/s
        dispatcher = new Dispatcher(config);
        dispatcher.register(new PlainExecutor());
        bus = SignalBus.builder("flood").logger(NoOpLogger.INSTANCE).build(); // default subscriberCapacity
        JobRegistry registry = dispatcher.registry();
        LoopOrchestrator ping = new LoopOrchestrator("PingSide", PongEvent.class, true, dispatcher, bus);
        LoopOrchestrator pong = new LoopOrchestrator("PongSide", PingEvent.class, false, dispatcher, bus);

        long heapBefore = usedHeapAfterGc();
        AtomicLong floodEmits = new AtomicLong();
        AtomicLong probesEmitted = new AtomicLong();
        AtomicLong jobsDispatched = new AtomicLong();
        AtomicLong maxDispatchNanos = new AtomicLong();
        CountDownLatch floodOver = new CountDownLatch(FLOODERS);
        long floodEnd = System.nanoTime() + FLOOD.toNanos();

        for (int t = 0; t < FLOODERS; t++) {
            Thread flooder = new Thread(
                    () -> {
                        long emits = 0;
                        while (System.nanoTime() < floodEnd) {
                            bus.emit(new PingEvent());
                            emits++;
                        }
                        floodEmits.addAndGet(emits);
                        floodOver.countDown();
                    },
                    "flooder-" + t);
            flooder.setDaemon(true);
            flooder.start();
        }
        scheduler.scheduleAtFixedRate(
                () -> bus.emit(new ProbeEvent(probesEmitted.incrementAndGet())),
                PROBE_EVERY.toNanos(),
                PROBE_EVERY.toNanos(),
                TimeUnit.NANOSECONDS);
        scheduler.scheduleAtFixedRate(
                () -> {
                    PlainJob job = new PlainJob();
                    long before = System.nanoTime();
                    ping.dispatch(job);
                    maxDispatchNanos.accumulateAndGet(System.nanoTime() - before, Math::max);
                    jobsDispatched.incrementAndGet();
                },
                100,
                250,
                TimeUnit.MILLISECONDS);

        // Used heap after a full GC before the flood and at its end, while the queues still hold what the flood
        // left in them (no GC during the flood: each System.gc() stops every thread and would distort the
        // latencies measured meanwhile).
        long gcBefore = gcMillis();
        assertThat(floodOver.await(FLOOD.toSeconds() + 30, TimeUnit.SECONDS))
                .as("flood over")
                .isTrue();
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        long gcPauses = gcMillis() - gcBefore; // the collector's own pauses during the flood
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        ping.looping.set(false);
        pong.looping.set(false);

        long probes = probesEmitted.get();
        long jobs = jobsDispatched.get();
        boolean drained = eventually(
                Duration.ofSeconds(10), () -> ping.probesHandled.get() >= probes && ping.jobLatencies.size() >= jobs);
        long maxJob =
                ping.jobLatencies.stream().mapToLong(Long::longValue).max().orElse(0);
        Map<String, Long> tripsBy = new ConcurrentHashMap<>();
        for (CircuitBreakerTrip trip : registry.trips()) {
            tripsBy.merge(trip.orchestrator() + "/" + trip.eventType().getSimpleName(), 1L, Long::sum);
        }
        System.out.printf(
                "RELIABILITY: flood duration=%ds emitted=%d (%.0f/s) trips=%d %s droppedEvents=%d loopHandled=%d/%d"
                        + " heapGrowth=%.1fMB (bound %dMB) probes=%d/%d probeMaxLatency=%dms (bound %dms)"
                        + " jobs=%d/%d jobMaxLatency=%dms (bound %dms) dispatchMax=%.1fms gcPauses=%dms%n",
                FLOOD.toSeconds(),
                floodEmits.get(),
                floodEmits.get() / (double) FLOOD.toSeconds(),
                registry.tripCount(),
                tripsBy,
                bus.droppedEvents(),
                ping.handledLoopEvents.get(),
                pong.handledLoopEvents.get(),
                heapGrowth / 1e6,
                HEAP_GROWTH_BOUND_MB,
                ping.probesHandled.get(),
                probes,
                ping.maxProbeLatency.get() / 1_000_000,
                PROBE_BOUND.toMillis(),
                ping.jobLatencies.size(),
                jobs,
                maxJob / 1_000_000,
                JOB_BOUND.toMillis(),
                maxDispatchNanos.get() / 1e6,
                gcPauses);

        assertThat(drained).as("every probe and job handled after the flood").isTrue();
        assertThat(registry.tripCount()).as("circuit-breaker trips").isPositive();
        for (String side : new String[] {"PingSide/PingEvent", "PongSide/PingEvent"}) {
            assertThat(tripsBy.getOrDefault(side, 0L))
                    .as("trips of %s: one per second of the flood (the last may be cut short)", side)
                    .isGreaterThanOrEqualTo(FLOOD.toSeconds() - 1);
        }
        assertThat(heapGrowth).as("heap growth in bytes").isLessThan(HEAP_GROWTH_BOUND_MB * 1024 * 1024);
        assertThat(ping.probesHandled.get()).as("probe events handled").isEqualTo(probes);
        assertThat(ping.maxProbeLatency.get()).as("slowest probe, ns").isLessThan(PROBE_BOUND.toNanos());
        assertThat(ping.jobLatencies).as("jobs completed").hasSize((int) jobs);
        assertThat(maxJob).as("slowest job, ns").isLessThan(JOB_BOUND.toNanos());
        assertThat(maxDispatchNanos.get())
                .as("slowest dispatch call, ns (fire and forget)")
                .isLessThan(JOB_BOUND.toNanos());
        assertThat(registry.trips()).as("trip log stays bounded").hasSizeLessThanOrEqualTo(JobRegistry.TRIP_LOG_SIZE);
    }

    /** Waits for the condition; {@code false} when it did not hold in time (so that the figures are still printed). */
    private static boolean eventually(Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(atMost).until(condition);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException notInTime) {
            return false;
        }
    }

    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
