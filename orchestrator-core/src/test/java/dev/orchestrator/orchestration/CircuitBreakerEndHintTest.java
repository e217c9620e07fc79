package dev.orchestrator.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.OrchestrationFixtures.TypeAEvent;
import dev.orchestrator.orchestration.OrchestrationFixtures.TypeBEvent;
import dev.orchestrator.test.VirtualTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pins how the circuit breaker reads the clock: a busy window reads it only near its end (the timer
 * says when), yet every window still ends exactly one second after it started and lets exactly its
 * limit through, on the handlers' side ({@code allow}) and on the emitting side ({@code admit}); an
 * event that would be dropped or refused reads the clock first, so a stalled timer never holds a type
 * back. Driven directly in virtual time: the timer is virtual time's scheduler.
 */
class CircuitBreakerEndHintTest {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    /** Above {@link CircuitBreaker#END_HINT_AFTER}, so that windows ask for a hint before their limit. */
    private static final int LIMIT = 20;
    /** What the emitting side admits per window: {@code 2 × (limit + 1)}. */
    private static final int ADMITTED = 2 * (LIMIT + 1);

    private final VirtualTime time = new VirtualTime(T0);
    private final CountingClock clock = new CountingClock(time.clock());
    private final OrchestratorConfig config = OrchestratorConfig.custom()
            .clock(clock)
            .logger(NoOpLogger.INSTANCE)
            .maxEventsPerSecond(LIMIT)
            .build();
    private final JobRegistry registry = new JobRegistry(config);
    private ScheduledExecutorService stalled;
    private final CountDownLatch stallReleased = new CountDownLatch(1);
    private ScheduledThreadPoolExecutor shutDown;

    @AfterEach
    void tearDown() {
        time.close();
        stallReleased.countDown();
        if (stalled != null) {
            stalled.shutdownNow();
        }
    }

    private CircuitBreaker breaker(ScheduledExecutorService timer) {
        return new CircuitBreaker(() -> "guarded", config, registry, timer);
    }

    private static int allowed(CircuitBreaker breaker, int events) {
        return count(events, () -> breaker.allow(TypeAEvent.class));
    }

    private static int admitted(CircuitBreaker breaker, int events) {
        return count(events, () -> breaker.admit(TypeAEvent.class));
    }

    private static int count(int events, BooleanSupplier passes) {
        int passed = 0;
        for (int i = 0; i < events; i++) {
            if (passes.getAsBoolean()) {
                passed++;
            }
        }
        return passed;
    }

    // ---- handlers' side ------------------------------------------------------------------------

    @Test
    void aBusyWindowReadsTheClockOnlyForItsFirstEventsAndNearItsEnd() {
        CircuitBreaker breaker = breaker(time.scheduler());

        assertThat(allowed(breaker, LIMIT - 2)).isEqualTo(LIMIT - 2);
        assertThat(clock.reads())
                .as("each event of a young window reads the clock, until the window asks for a hint")
                .isEqualTo(CircuitBreaker.END_HINT_AFTER);

        time.advance(Duration.ofMillis(CircuitBreaker.WINDOW_MILLIS - CircuitBreaker.END_MARGIN_MILLIS - 1));
        clock.reset();
        assertThat(allowed(breaker, 1)).isEqualTo(1);
        assertThat(clock.reads()).as("far from its end and its limit").isZero();

        time.advance(Duration.ofMillis(1)); // the hint: the end is near
        assertThat(allowed(breaker, 1)).isEqualTo(1);
        assertThat(clock.reads()).as("near its end, every event").isEqualTo(1);
    }

    @Test
    void aHintedWindowEndsExactlyOneSecondAfterItStartedAndTheNextOneCountsFromZero() {
        CircuitBreaker breaker = breaker(time.scheduler());
        assertThat(allowed(breaker, CircuitBreaker.END_HINT_AFTER + 1))
                .isEqualTo(CircuitBreaker.END_HINT_AFTER + 1); // the window asked for a hint

        time.advance(Duration.ofMillis(999));
        assertThat(allowed(breaker, 10))
                .as("the rest of the limit in the last millisecond of the window")
                .isEqualTo(LIMIT - CircuitBreaker.END_HINT_AFTER - 1);

        time.advance(Duration.ofMillis(1));
        assertThat(allowed(breaker, LIMIT + 5))
                .as("events after the end count in the next window only: its whole limit, no more")
                .isEqualTo(LIMIT);
        assertThat(registry.trips())
                .containsExactly(
                        new CircuitBreakerTrip("guarded", TypeAEvent.class, LIMIT + 1, LIMIT, T0.plusSeconds(1)),
                        new CircuitBreakerTrip("guarded", TypeAEvent.class, LIMIT + 1, LIMIT, T0.plusMillis(999)));
    }

    @Test
    void eventsJustAfterTheEndOfAQuietWindowStartTheNextWindowWithTheClocksTime() {
        CircuitBreaker breaker = breaker(time.scheduler());
        assertThat(allowed(breaker, CircuitBreaker.END_HINT_AFTER + 1)).isEqualTo(CircuitBreaker.END_HINT_AFTER + 1);

        time.advance(Duration.ofMillis(1_000)); // three events short of the limit, and the window is over
        assertThat(allowed(breaker, LIMIT + 5))
                .as("a whole limit in the new window, not the old window's remainder as well")
                .isEqualTo(LIMIT);
        time.advance(Duration.ofMillis(999));
        assertThat(allowed(breaker, 1)).as("the new window started at T0 + 1 s").isZero();
        assertThat(registry.tripCount()).isEqualTo(1);
        time.advance(Duration.ofMillis(1));
        assertThat(allowed(breaker, 1)).isEqualTo(1);
    }

    @Test
    void aStalledTimerNeverHoldsATypeBackSinceAnEventOverTheLimitReadsTheClock() {
        CircuitBreaker breaker = breaker(stalledTimer());
        assertThat(allowed(breaker, LIMIT + 5)).isEqualTo(LIMIT);

        time.advance(Duration.ofMillis(999));
        assertThat(allowed(breaker, 1)).isZero();
        time.advance(Duration.ofMillis(1));
        assertThat(allowed(breaker, LIMIT + 5))
                .as("the hint never came, the window still ended")
                .isEqualTo(LIMIT);
        assertThat(registry.tripCount()).isEqualTo(2);
    }

    @Test
    void withAStalledTimerAWindowOverrunsItsSecondByFewerThanClockEveryEvents() {
        int limit = 1_000;
        OrchestratorConfig wide =
                OrchestratorConfig.from(config).maxEventsPerSecond(limit).build();
        CircuitBreaker breaker = new CircuitBreaker(() -> "guarded", wide, new JobRegistry(wide), stalledTimer());
        int first = 100;
        assertThat(count(first, () -> breaker.allow(TypeAEvent.class))).isEqualTo(first);
        assertThat(count(first, () -> breaker.admit(TypeAEvent.class))).isEqualTo(first);

        time.advance(Duration.ofMillis(1_500)); // past the window's end; the hint never comes
        clock.reset();
        assertThat(count(CircuitBreaker.CLOCK_EVERY, () -> breaker.allow(TypeAEvent.class)))
                .isEqualTo(CircuitBreaker.CLOCK_EVERY);
        assertThat(count(CircuitBreaker.CLOCK_EVERY, () -> breaker.admit(TypeAEvent.class)))
                .isEqualTo(CircuitBreaker.CLOCK_EVERY);
        assertThat(clock.reads())
                .as("within %s events each side read the clock and started a new window", CircuitBreaker.CLOCK_EVERY)
                .isPositive();
        // the new windows started then: each lets through exactly its own bound, counting from there
        int handled = CircuitBreaker.CLOCK_EVERY; // at most this many were counted in the new window
        assertThat(count(limit + 1, () -> breaker.allow(TypeAEvent.class))).isBetween(limit - handled, limit);
    }

    @Test
    void aTimerThatWasShutDownMakesEveryEventReadTheClock() {
        CircuitBreaker breaker = breaker(shutDownTimer());
        assertThat(allowed(breaker, CircuitBreaker.END_HINT_AFTER + 1)).isEqualTo(CircuitBreaker.END_HINT_AFTER + 1);
        clock.reset();

        time.advance(Duration.ofMillis(1_000));
        assertThat(allowed(breaker, LIMIT + 1)).isEqualTo(LIMIT);
        assertThat(clock.reads()).as("every event, and the trip's time").isEqualTo(LIMIT + 1 + 1);
    }

    @Test
    void withoutATimerEveryEventReadsTheClock() {
        CircuitBreaker breaker = new CircuitBreaker(() -> "guarded", config, registry, null);
        assertThat(allowed(breaker, LIMIT)).isEqualTo(LIMIT);
        assertThat(admitted(breaker, LIMIT)).isEqualTo(LIMIT);
        assertThat(clock.reads()).isEqualTo(2 * LIMIT);
    }

    @Test
    void eachTypeHasItsOwnWindowAndHint() {
        CircuitBreaker breaker = breaker(time.scheduler());
        assertThat(allowed(breaker, CircuitBreaker.END_HINT_AFTER + 1)).isEqualTo(CircuitBreaker.END_HINT_AFTER + 1);
        time.advance(Duration.ofMillis(500));
        assertThat(count(LIMIT + 1, () -> breaker.allow(TypeBEvent.class))).isEqualTo(LIMIT);

        time.advance(Duration.ofMillis(500)); // A's window ends, B's has half a second to go
        assertThat(allowed(breaker, LIMIT)).isEqualTo(LIMIT);
        assertThat(count(1, () -> breaker.allow(TypeBEvent.class))).isZero();
    }

    // ---- emitting side -------------------------------------------------------------------------

    @Test
    void theEmittingSideReadsTheClockOnlyForItsFirstEventsAndNearItsEnd() {
        CircuitBreaker breaker = breaker(time.scheduler());
        assertThat(admitted(breaker, ADMITTED - 1)).isEqualTo(ADMITTED - 1);
        assertThat(clock.reads()).isEqualTo(CircuitBreaker.END_HINT_AFTER);

        time.advance(Duration.ofMillis(CircuitBreaker.WINDOW_MILLIS - CircuitBreaker.END_MARGIN_MILLIS));
        clock.reset();
        assertThat(admitted(breaker, 1)).isEqualTo(1);
        assertThat(clock.reads()).as("near its end").isEqualTo(1);
    }

    @Test
    void theEmittingSideAdmitsExactlyItsBoundInEachWindowAcrossAHintedEnd() {
        CircuitBreaker breaker = breaker(time.scheduler());
        assertThat(admitted(breaker, CircuitBreaker.END_HINT_AFTER + 1)).isEqualTo(CircuitBreaker.END_HINT_AFTER + 1);

        time.advance(Duration.ofMillis(999));
        assertThat(admitted(breaker, ADMITTED)).isEqualTo(ADMITTED - CircuitBreaker.END_HINT_AFTER - 1);

        time.advance(Duration.ofMillis(1));
        assertThat(admitted(breaker, ADMITTED + 10))
                .as("the next window's bound, not more")
                .isEqualTo(ADMITTED);
    }

    @Test
    void theEmittingSideCountsEventsAfterAQuietWindowsEndInTheNextWindow() {
        CircuitBreaker breaker = breaker(time.scheduler());
        assertThat(admitted(breaker, CircuitBreaker.END_HINT_AFTER + 1)).isEqualTo(CircuitBreaker.END_HINT_AFTER + 1);

        time.advance(Duration.ofMillis(1_000));
        assertThat(admitted(breaker, ADMITTED + 10))
                .as("not the old window's remainder plus a new window")
                .isEqualTo(ADMITTED);
    }

    @Test
    void aStalledTimerNeverKeepsTheEmittingSideRefusing() {
        CircuitBreaker breaker = breaker(stalledTimer());
        assertThat(admitted(breaker, ADMITTED + 10)).isEqualTo(ADMITTED);
        time.advance(Duration.ofMillis(999));
        assertThat(admitted(breaker, 1)).isZero();

        time.advance(Duration.ofMillis(1));
        assertThat(admitted(breaker, ADMITTED + 10)).isEqualTo(ADMITTED);
    }

    @Test
    void theEmittingSideAdmitsItsBoundOnceAcrossThreads() throws InterruptedException {
        CircuitBreaker breaker = breaker(time.scheduler());
        AtomicInteger admittedByAll = new AtomicInteger();
        List<Thread> emitters = List.of(
                new Thread(() -> admittedByAll.addAndGet(admitted(breaker, 500))),
                new Thread(() -> admittedByAll.addAndGet(admitted(breaker, 500))),
                new Thread(() -> admittedByAll.addAndGet(admitted(breaker, 500))),
                new Thread(() -> admittedByAll.addAndGet(admitted(breaker, 500))));
        for (Thread emitter : emitters) {
            emitter.start();
        }
        for (Thread emitter : emitters) {
            emitter.join();
        }
        assertThat(admittedByAll).hasValue(ADMITTED);
    }

    // ---- which timer -----------------------------------------------------------------------------

    @Test
    void aDispatcherGivesItsTimerForHintsOnlyWithTheSystemClock() {
        try (Dispatcher system = Dispatcher.builder().build();
                Dispatcher virtual = Dispatcher.builder()
                        .config(config)
                        .scheduler(time.scheduler())
                        .build()) {
            assertThat(system.windowTimer()).isSameAs(system.scheduler());
            assertThat(virtual.windowTimer())
                    .as("the timer need not follow another clock: every event reads it")
                    .isNull();
        }
    }

    // ---- fixtures --------------------------------------------------------------------------------

    /** A timer that takes tasks and never runs them: a stalled timer thread. */
    private ScheduledExecutorService stalledTimer() {
        stalled = Executors.newSingleThreadScheduledExecutor();
        // the timer's only thread waits until the test ends: every hint stays queued
        stalled.execute(() -> {
            try {
                stallReleased.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        return stalled;
    }

    private ScheduledExecutorService shutDownTimer() {
        shutDown = new ScheduledThreadPoolExecutor(1);
        shutDown.shutdown();
        return shutDown;
    }

    /** Counts how often the breaker reads the time. */
    private static final class CountingClock extends Clock {
        private final Clock time;
        private final AtomicInteger reads = new AtomicInteger();

        CountingClock(Clock time) {
            this.time = time;
        }

        int reads() {
            return reads.get();
        }

        void reset() {
            reads.set(0);
        }

        @Override
        public long millis() {
            reads.incrementAndGet();
            return time.millis();
        }

        @Override
        public Instant instant() {
            reads.incrementAndGet();
            return time.instant();
        }

        @Override
        public ZoneId getZone() {
            return time.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
