package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.orchestration.OrchestrationFixtures.PASSIVE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.Eventually;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.OrchestrationFixtures.PingEvent;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.TypeAEvent;
import dev.orchestrator.orchestration.OrchestrationFixtures.TypeBEvent;
import dev.orchestrator.test.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins contract point 9, "other types unaffected", when a flood outruns delivery: beyond twice its
 * limit (plus one) per second a type is refused before it is queued, so it cannot fill the
 * orchestrator's bounded queue and make the bus drop events of other types; the flood is still
 * recorded as a trip.
 */
class CircuitBreakerAdmissionTest {

    private static final int LIMIT = 5;
    /** Room for the 2 x (limit + 1) pings admitted per window and ten events of another type. */
    private static final int CAPACITY = 40;

    private final VirtualTime time = new VirtualTime(Instant.parse("2030-01-01T10:00:00Z"));
    private volatile CountDownLatch blocked = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);
    private SignalBus bus;
    private Dispatcher dispatcher;
    private RecordingOrchestrator orchestrator;

    @BeforeEach
    void setUp() {
        bus = SignalBus.builder("admission")
                .subscriberCapacity(CAPACITY)
                .logger(NoOpLogger.INSTANCE)
                .build();
        dispatcher = OrchestrationFixtures.dispatcher(
                OrchestratorConfig.custom()
                        .clock(time.clock())
                        .logger(NoOpLogger.INSTANCE)
                        .maxEventsPerSecond(LIMIT)
                        .typeLimit(TypeBEvent.class, 100)
                        .build(),
                bus);
        orchestrator = new RecordingOrchestrator("guarded", dispatcher, bus);
        orchestrator.reaction = call -> {
            if (call.event() instanceof TypeAEvent) { // holds the orchestrator's delivery while the test floods
                CountDownLatch until = release;
                blocked.countDown();
                try {
                    until.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        orchestrator.close();
        dispatcher.close();
        bus.close();
        time.close();
    }

    @Test
    void aFloodOfOneTypeDoesNotCrowdOtherTypesOutOfTheQueueEvenBeforeTheBreakerTrips() throws InterruptedException {
        blockDelivery(); // the breaker has not seen a single ping yet, and cannot until delivery resumes
        IntStream.range(0, 1_000).forEach(i -> bus.emit(new PingEvent("flood-" + i))); // 25 times the queue's capacity
        IntStream.range(0, 10).forEach(i -> bus.emit(new TypeBEvent("probe-" + i)));
        assertThat(bus.droppedEvents())
                .as("nothing dropped: the flood took only 2 x (limit + 1) slots")
                .isZero();
        release.countDown();

        awaitEverythingDelivered();
        assertThat(orchestrator.count(PASSIVE, TypeBEvent.class))
                .as("other type, emitted after the flood")
                .isEqualTo(10);
        assertThat(orchestrator.count(PASSIVE, PingEvent.class)).isEqualTo(LIMIT);
        assertThat(dispatcher.registry().tripCount()).isEqualTo(1);
    }

    @Test
    void eachNewWindowAdmitsTheTypeAgainSoTheBreakerHandlesItsLimitAndTripsAgain() throws InterruptedException {
        tripOnPing();
        time.advance(Duration.ofSeconds(1));

        blockDelivery();
        IntStream.range(0, 1_000).forEach(i -> bus.emit(new PingEvent("flood-" + i)));
        IntStream.range(0, 10).forEach(i -> bus.emit(new TypeBEvent("probe-" + i)));
        release.countDown();

        awaitEverythingDelivered();
        assertThat(orchestrator.count(PASSIVE, TypeBEvent.class)).isEqualTo(10);
        assertThat(orchestrator.count(PASSIVE, PingEvent.class))
                .as("the limit in each of two windows")
                .isEqualTo(2 * LIMIT);
        assertThat(dispatcher.registry().tripCount()).as("one trip per window").isEqualTo(2);
        assertThat(bus.droppedEvents()).isZero();
    }

    @Test
    void aFloodStraddlingTheHandlersWindowIsStillRecordedAsATripNotJustRefused() throws InterruptedException {
        bus.emit(new PingEvent("first")); // opens both windows, the emitting side's and the handlers'
        awaitEverythingDelivered();
        time.advance(Duration.ofMillis(999));

        blockDelivery();
        IntStream.range(0, 1_000)
                .forEach(i -> bus.emit(new PingEvent("flood-" + i))); // the last millisecond of the window
        time.advance(Duration.ofMillis(1)); // delivered in the handlers' next window
        release.countDown();

        awaitEverythingDelivered();
        assertThat(dispatcher.registry().tripCount())
                .as("the refused flood was recorded")
                .isEqualTo(1);
        assertThat(orchestrator.count(PASSIVE, PingEvent.class)).isEqualTo(1 + LIMIT);
    }

    @Test
    void aSustainedFloodIsRecordedOnceInEveryWindowEvenWhenDeliveryLagShrinks() throws InterruptedException {
        blockDelivery();
        IntStream.range(0, 200).forEach(i -> bus.emit(new PingEvent("first-second-" + i)));
        time.advance(Duration.ofMillis(10)); // delivered 10 ms after it was emitted
        release.countDown();
        awaitEverythingDelivered();
        time.advance(Duration.ofMillis(990));

        blockDelivery();
        IntStream.range(0, 200).forEach(i -> bus.emit(new PingEvent("second-second-" + i)));
        time.advance(Duration.ofMillis(5)); // delivered 5 ms after: before a window started at delivery would end
        release.countDown();
        awaitEverythingDelivered();

        assertThat(dispatcher.registry().tripCount())
                .as("one trip for each second of the flood")
                .isEqualTo(2);
        assertThat(orchestrator.count(PASSIVE, PingEvent.class)).isEqualTo(2 * LIMIT);
    }

    /** Emits limit + 1 pings in the current window and waits until the breaker recorded the trip. */
    private void tripOnPing() throws InterruptedException {
        IntStream.rangeClosed(0, LIMIT).forEach(i -> bus.emit(new PingEvent("ping-" + i)));
        eventually().until(() -> dispatcher.registry().tripCount() == 1);
        awaitEverythingDelivered();
        assertThat(orchestrator.count(PASSIVE, PingEvent.class)).isEqualTo(LIMIT);
    }

    private void blockDelivery() throws InterruptedException {
        if (blocked.getCount() == 0) { // blocked before: block again
            blocked = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }
        bus.emit(new TypeAEvent("block"));
        blocked.await();
    }

    /**
     * Waits until the orchestrator has handled everything emitted so far. Not through an
     * EventRecorder: a recorder is a subscriber with a queue of its own, which the floods here would
     * overflow, and the tests count the bus's dropped events.
     */
    private void awaitEverythingDelivered() throws InterruptedException {
        assertThat(bus.awaitIdle(Eventually.WAIT)).as("the bus became idle").isTrue();
    }
}
