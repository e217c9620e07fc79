package dev.orchestrator.test;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.CircuitBreakerTrip;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.orchestration.OrchestratorObserver;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {

    private final VirtualTime time = new VirtualTime();
    private final SignalBus bus = SignalBus.scoped("virtual-time-test");
    private final Dispatcher dispatcher = time.dispatcher(bus).build();
    private final EventRecorder events = EventRecorder.on(bus);

    @AfterEach
    void tearDown() {
        dispatcher.shutdown(Duration.ZERO);
        events.close();
        bus.close();
        time.close();
    }

    static final class FetchJob extends BaseJob {
        FetchJob(JobOptions options) {
            super(options);
        }
    }

    /** Fails its first attempts, then hangs (in virtual time) far beyond any timeout. */
    final class FlakyThenHangingExecutor extends BaseExecutor<FetchJob> {
        final List<Instant> starts = new CopyOnWriteArrayList<>();
        private final int failures;

        FlakyThenHangingExecutor(int failures) {
            this.failures = failures;
        }

        @Override
        protected Object process(FetchJob job) throws Exception {
            starts.add(time.now());
            if (starts.size() <= failures) {
                throw new IllegalStateException("service unavailable");
            }
            time.sleep(Duration.ofMinutes(5));
            return "too late";
        }
    }

    private static JobOptions retriesAndTimeout() {
        return JobOptions.builder()
                .retryPolicy(RetryPolicy.custom()
                        .maxRetries(3)
                        .baseDelay(Duration.ofSeconds(1))
                        .exponentialBackoff(true)
                        .build())
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    @RepeatedTest(20)
    void backoffOfOneTwoFourSecondsAndAThirtySecondTimeoutTakeNoWallTime() {
        FlakyThenHangingExecutor executor = new FlakyThenHangingExecutor(3);
        dispatcher.register(executor);
        long wallStart = System.nanoTime();

        JobHandle<Object> handle = dispatcher.submit(new FetchJob(retriesAndTimeout()));
        time.runUntilDone(handle);

        Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
        assertThat(wall).isLessThan(Duration.ofSeconds(1));
        Instant t0 = VirtualTime.DEFAULT_ORIGIN;
        assertThat(executor.starts).containsExactly(t0, t0.plusSeconds(1), t0.plusSeconds(3), t0.plusSeconds(7));
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(30));
        assertThat(events)
                .job(handle)
                .timedOut()
                .failedWith(TimeoutException.class)
                .wasRetried(3)
                .hasNothingAfterEnding();
        assertThat(events.eventsOf(handle.id(), JobRetryingEvent.class))
                .extracting(JobRetryingEvent::delayBeforeRetry)
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void advanceRunsOnlyWhatIsDueAndLeavesTheClockAtTheEnd() {
        FlakyThenHangingExecutor executor = new FlakyThenHangingExecutor(3);
        dispatcher.register(executor);

        JobHandle<Object> handle = dispatcher.submit(new FetchJob(retriesAndTimeout()));
        time.advance(Duration.ofMillis(2_500));

        assertThat(executor.starts).hasSize(2); // at 0 s and 1 s; the third attempt is due at 3 s
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(2_500));
        assertThat(handle.isDone()).isFalse();

        time.advance(Duration.ofSeconds(27)); // 29.5 s: the timeout is still ahead
        assertThat(executor.starts).hasSize(4);
        assertThat(handle.isDone()).isFalse();

        time.advance(Duration.ofMillis(500));
        assertThat(handle.isDone()).isTrue();
        assertThat(events).job(handle).timedOut();
    }

    @Test
    void aJobThatSucceedsAfterRetriesEndsAtTheSumOfItsBackoffs() {
        BaseExecutor<FetchJob> succeedsThird = new BaseExecutor<>() {
            int attempts;

            @Override
            protected Object process(FetchJob job) {
                return ++attempts < 3 ? fail() : "fetched";
            }

            private Object fail() {
                throw new IllegalStateException("not yet");
            }
        };
        dispatcher.register(succeedsThird);

        JobHandle<Object> handle = dispatcher.submit(new FetchJob(retriesAndTimeout()));
        time.runUntilDone(handle);

        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(3));
        assertThat(events).job(handle).succeededWith("fetched").wasRetried(2);
    }

    @Test
    void sleepOutsideTheExecutorIsRefusedWithAReason() {
        assertThatThrownBy(() -> time.sleep(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VirtualTime.executor()");
    }

    @Test
    void runUntilSaysSoWhenNothingIsLeftToRun() {
        assertThatThrownBy(() -> time.runUntil(() -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Nothing is scheduled");
    }

    static final class Ping extends BaseEvent {
        Ping(String id) {
            super(id);
        }
    }

    /** Counts the passive events its circuit breaker lets through. */
    static final class Listener extends BaseOrchestrator<Integer> {
        Listener(Dispatcher dispatcher, SignalBus bus) {
            super(0, dispatcher, bus);
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            updateState(n -> n + 1);
        }
    }

    @RepeatedTest(10)
    void theCircuitBreakersWindowMovesWithVirtualTime() {
        SignalBus guardedBus = SignalBus.scoped("guarded");
        time.watch(guardedBus);
        Dispatcher guarded = time.dispatcher(
                        guardedBus,
                        OrchestratorConfig.custom().maxEventsPerSecond(5).build())
                .build();
        Listener listener = new Listener(guarded, guardedBus);
        listener.start();
        List<CircuitBreakerTrip> trips = new CopyOnWriteArrayList<>();
        guarded.registry().addObserver(new OrchestratorObserver() {
            @Override
            public void circuitBreakerTripped(CircuitBreakerTrip trip) {
                trips.add(trip);
            }
        });
        try {
            for (int i = 0; i < 8; i++) {
                guardedBus.emit(new Ping("p" + i));
            }
            time.advance(Duration.ofMillis(999)); // settles: every ping was handled or refused
            assertThat(listener.getState()).isEqualTo(5);
            assertThat(trips).hasSize(1);
            assertThat(trips.get(0).at()).isEqualTo(VirtualTime.DEFAULT_ORIGIN);

            time.advance(Duration.ofMillis(1)); // a new window, without waiting a real second
            for (int i = 0; i < 5; i++) {
                guardedBus.emit(new Ping("q" + i));
            }
            time.advance(Duration.ZERO);
            assertThat(listener.getState()).isEqualTo(10);
            assertThat(trips).hasSize(1);
        } finally {
            listener.close();
            guarded.shutdown(Duration.ZERO);
            guardedBus.close();
        }
    }
}
