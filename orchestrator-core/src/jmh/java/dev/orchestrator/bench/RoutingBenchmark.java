package dev.orchestrator.bench;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Benchmark 3 of issue 5: {@value #EVENTS} events through {@code BaseOrchestrator}'s routing and
 * circuit-breaker check (limit set high, so nothing is dropped) to its {@code onPassiveEvent}, against
 * the same events to a bare subscriber of the same kind of bus. One operation is one burst, until the
 * last event was handled; the rate ratio is the inverse of the time ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
// 8 warm-up seconds: the orchestrator's path (routing, breaker, admission) took 4 to 8 one-second
// iterations to settle (2.3 ms per burst falling to 0.9-1.5 ms), the bare subscriber 3
@Warmup(iterations = 8, time = 1)
// 10 iterations of 0.5 s rather than 5 of 1 s: the same measured time, twice the samples for the
// run script's medians and intervals (issue 11)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class RoutingBenchmark {

    static final int EVENTS = 10_000;

    final BenchEvent[] events = BenchEvent.batch(EVENTS);
    final Completion completion = new Completion();
    ExecutorService deliveryPool;
    SignalBus orchestratorBus;
    SignalBus bareBus;
    Dispatcher dispatcher;
    CountingOrchestrator orchestrator;

    @Setup(Level.Trial)
    public void setUp() {
        deliveryPool = Pools.fixed("bench-delivery-", 2);
        orchestratorBus =
                SignalBus.builder("routing").deliveryExecutor(deliveryPool).build();
        bareBus = SignalBus.builder("bare").deliveryExecutor(deliveryPool).build();
        OrchestratorConfig config = OrchestratorConfig.custom()
                .maxEventsPerSecond(Integer.MAX_VALUE)
                .build();
        dispatcher =
                Dispatcher.builder().config(config).defaultBus(orchestratorBus).build();
        orchestrator = new CountingOrchestrator(dispatcher, orchestratorBus, completion);
        bareBus.subscribe(BaseEvent.class, new Consumer<BaseEvent>() {
            private long seen;

            @Override
            public void accept(BaseEvent event) {
                if (++seen % EVENTS == 0) {
                    completion.arrive();
                }
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        orchestrator.close();
        dispatcher.shutdown(Duration.ZERO);
        orchestratorBus.close();
        bareBus.close();
        Pools.stop(deliveryPool);
    }

    @Benchmark
    public void orchestrator() {
        burst(orchestratorBus);
    }

    @Benchmark
    public void bareSubscriber() {
        burst(bareBus);
    }

    private void burst(SignalBus bus) {
        completion.arm(1);
        for (BenchEvent event : events) {
            bus.emit(event);
        }
        completion.await();
    }

    /** Counts the passive events it is handed. */
    static final class CountingOrchestrator extends BaseOrchestrator<String> {
        private final Completion completion;
        private long seen;

        CountingOrchestrator(Dispatcher dispatcher, SignalBus bus, Completion completion) {
            super("idle", dispatcher, bus);
            this.completion = completion;
            start();
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            if (++seen % EVENTS == 0) {
                completion.arrive();
            }
        }
    }
}
