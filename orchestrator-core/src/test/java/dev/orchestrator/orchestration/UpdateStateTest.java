package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.logging.NoOpLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** {@link BaseOrchestrator#updateState} is an atomic read-modify-write, safe from any thread. */
class UpdateStateTest {

    private final SignalBus bus = OrchestrationFixtures.quietBus("counter");
    private final Dispatcher dispatcher = OrchestrationFixtures.dispatcher(
            OrchestratorConfig.custom()
                    .logger(NoOpLogger.INSTANCE)
                    .typeLimit(IncrementEvent.class, 1_000_000) // a flood of events is this test's load, not a loop
                    .build(),
            bus);
    private final Counter counter = new Counter(dispatcher, bus);

    static final class IncrementEvent extends BaseEvent {
        IncrementEvent() {
            super("increment");
        }
    }

    /** Counts increments from request threads (through a method) and from its handler (through events). */
    static final class Counter extends BaseOrchestrator<Integer> {
        Counter(Dispatcher dispatcher, SignalBus bus) {
            super(0, dispatcher, bus);
            start();
        }

        int increment() {
            return updateState(count -> count + 1);
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            if (event instanceof IncrementEvent) {
                updateState(count -> count + 1);
            }
        }
    }

    @AfterEach
    void tearDown() {
        counter.close();
        dispatcher.close();
        bus.close();
    }

    @RepeatedTest(5)
    void incrementsFromManyThreadsAndTheHandlerAreNeverLostAndListenersSeeEveryStateInOrder() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        counter.addStateListener(seen::add);
        int threads = 4;
        int perThread = 2_000;
        int events = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        counter.increment();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (int i = 0; i < events; i++) {
                bus.emit(new IncrementEvent()); // handled on the bus's delivery thread, concurrently
            }
            for (Future<?> future : work) {
                future.get(10, TimeUnit.SECONDS);
            }
            eventually().until(() -> counter.getState() == threads * perThread + events);
        } finally {
            pool.shutdownNow();
        }

        int total = threads * perThread + events;
        assertThat(counter.getState()).isEqualTo(total);
        assertThat(seen).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(seen.get(i)).as("state %d", i).isEqualTo(i + 1);
        }
    }

    @Test
    void aFunctionThatReturnsNullLeavesTheStateUnchangedAndTellsNoListener() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        counter.addStateListener(seen::add);
        counter.increment();

        assertThatThrownBy(() -> counter.updateState(count -> null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("updateState's function returned null");

        assertThat(counter.getState()).isEqualTo(1);
        assertThat(seen).containsExactly(1);
    }
}
