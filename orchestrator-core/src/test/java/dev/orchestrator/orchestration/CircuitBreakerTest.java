package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.orchestration.OrchestrationFixtures.PASSIVE;
import static dev.orchestrator.orchestration.OrchestrationFixtures.PROGRESS;
import static dev.orchestrator.orchestration.OrchestrationFixtures.STARTED;
import static dev.orchestrator.orchestration.OrchestrationFixtures.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.orchestration.OrchestrationFixtures.PingEvent;
import dev.orchestrator.orchestration.OrchestrationFixtures.PongEvent;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import dev.orchestrator.orchestration.OrchestrationFixtures.TypeAEvent;
import dev.orchestrator.orchestration.OrchestrationFixtures.TypeBEvent;
import dev.orchestrator.orchestration.OrchestrationFixtures.UserLoggedInEvent;
import dev.orchestrator.test.EventRecorder;
import dev.orchestrator.test.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins the circuit breaker of {@link BaseOrchestrator} ("loop protection", contract point 9). */
class CircuitBreakerTest {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

    private final VirtualTime time = new VirtualTime(T0);
    private final RecordingLogger logger = new RecordingLogger();
    private final List<CircuitBreakerTrip> observedTrips = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private SignalBus bus;
    private EventRecorder events;
    private Dispatcher dispatcher;

    /** Builds bus, dispatcher and one orchestrator named "guarded" with the given limits. */
    private RecordingOrchestrator start(UnaryOperator<OrchestratorConfig.Builder> limits) {
        OrchestratorConfig config = limits.apply(
                        OrchestratorConfig.custom().clock(time.clock()).logger(logger))
                .build();
        bus = OrchestrationFixtures.quietBus("test-breaker");
        events = EventRecorder.on(bus);
        dispatcher = OrchestrationFixtures.dispatcher(config, bus);
        dispatcher.registry().addObserver(new OrchestratorObserver() {
            @Override
            public void circuitBreakerTripped(CircuitBreakerTrip trip) {
                observedTrips.add(trip);
            }
        });
        return orchestrator("guarded");
    }

    private RecordingOrchestrator orchestrator(String name) {
        RecordingOrchestrator orchestrator = new RecordingOrchestrator(name, dispatcher, bus);
        closeables.add(orchestrator);
        return orchestrator;
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
            bus.close();
        }
        time.close();
    }

    private void emit(int count, Function<String, BaseEvent> factory, String prefix) {
        for (int i = 0; i < count; i++) {
            bus.emit(factory.apply(prefix + i));
        }
    }

    private static List<String> handledIds(RecordingOrchestrator orchestrator, Class<? extends BaseEvent> type) {
        return orchestrator.eventsIn(PASSIVE).stream()
                .filter(type::isInstance)
                .map(BaseEvent::correlationId)
                .collect(Collectors.toList());
    }

    @Test
    void sixtyEventsOfOneTypeInOneWindowLetTheFirstFiftyThroughAndTripOnce() {
        RecordingOrchestrator guarded = start(b -> b);

        emit(60, TypeAEvent::new, "a-");
        emit(50, TypeBEvent::new, "b-");
        events.awaitBusIdle();

        List<String> expectedA = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expectedA.add("a-" + i);
        }
        assertThat(handledIds(guarded, TypeAEvent.class)).containsExactlyElementsOf(expectedA);
        assertThat(handledIds(guarded, TypeBEvent.class))
                .as("another type in the same window")
                .hasSize(50);
        CircuitBreakerTrip expected = new CircuitBreakerTrip("guarded", TypeAEvent.class, 51, 50, T0);
        assertThat(dispatcher.registry().trips()).containsExactly(expected);
        assertThat(dispatcher.registry().tripCount()).isEqualTo(1);
        assertThat(observedTrips).containsExactly(expected);
        assertThat(logger.errorsMentioning("guarded"))
                .as("one error line per trip, not per dropped event")
                .hasSize(1);
        assertThat(logger.errorsMentioning("guarded").get(0).message()).contains("TypeAEvent");
    }

    @Test
    void handlingResumesWhenTheWindowEndsAndANewExcessTripsAgain() {
        RecordingOrchestrator guarded = start(b -> b);
        emit(60, TypeAEvent::new, "first-");
        events.awaitBusIdle();
        assertThat(guarded.count(PASSIVE, TypeAEvent.class)).isEqualTo(50);

        time.advance(Duration.ofMillis(999));
        bus.emit(new TypeAEvent("still-in-window"));
        events.awaitBusIdle();
        assertThat(guarded.hooksFor("still-in-window")).isEmpty();

        time.advance(Duration.ofMillis(1));
        bus.emit(new TypeAEvent("next-window"));
        events.awaitBusIdle();
        assertThat(guarded.hooksFor("next-window")).containsExactly(PASSIVE);

        emit(59, TypeAEvent::new, "second-");
        events.awaitBusIdle();

        assertThat(guarded.count(PASSIVE, TypeAEvent.class)).isEqualTo(100);
        assertThat(handledIds(guarded, TypeAEvent.class)).contains("second-48").doesNotContain("second-49");
        assertThat(dispatcher.registry().trips())
                .as("most recent first")
                .containsExactly(
                        new CircuitBreakerTrip("guarded", TypeAEvent.class, 51, 50, T0.plusSeconds(1)),
                        new CircuitBreakerTrip("guarded", TypeAEvent.class, 51, 50, T0));
        assertThat(logger.errorsMentioning("guarded")).hasSize(2);
    }

    @Test
    void globalLimitComesFromMaxEventsPerSecond() {
        RecordingOrchestrator guarded = start(b -> b.maxEventsPerSecond(5));

        emit(8, TypeAEvent::new, "a-");
        emit(5, TypeBEvent::new, "b-");
        events.awaitBusIdle();

        assertThat(guarded.count(PASSIVE, TypeAEvent.class)).isEqualTo(5);
        assertThat(guarded.count(PASSIVE, TypeBEvent.class)).isEqualTo(5);
        assertThat(dispatcher.registry().trips())
                .containsExactly(new CircuitBreakerTrip("guarded", TypeAEvent.class, 6, 5, T0));
    }

    @Test
    void perTypeLimitOverridesTheGlobalLimit() {
        RecordingOrchestrator guarded = start(
                b -> b.maxEventsPerSecond(5).typeLimit(TypeAEvent.class, 3).typeLimit(TypeBEvent.class, 10));

        emit(8, TypeAEvent::new, "a-");
        emit(8, TypeBEvent::new, "b-");
        emit(8, UserLoggedInEvent::new, "u-");
        events.awaitBusIdle();

        assertThat(guarded.count(PASSIVE, TypeAEvent.class)).isEqualTo(3);
        assertThat(guarded.count(PASSIVE, TypeBEvent.class)).isEqualTo(8);
        assertThat(guarded.count(PASSIVE, UserLoggedInEvent.class)).isEqualTo(5);
        assertThat(dispatcher.registry().trips())
                .containsExactlyInAnyOrder(
                        new CircuitBreakerTrip("guarded", TypeAEvent.class, 4, 3, T0),
                        new CircuitBreakerTrip("guarded", UserLoggedInEvent.class, 6, 5, T0));
        assertThat(logger.errorsMentioning("guarded")).hasSize(2);
    }

    @Test
    void eachOrchestratorHasItsOwnBreaker() {
        RecordingOrchestrator guarded = start(b -> b.maxEventsPerSecond(5));
        RecordingOrchestrator late = orchestrator("late");

        emit(8, TypeAEvent::new, "a-");
        events.awaitBusIdle();

        assertThat(guarded.count(PASSIVE, TypeAEvent.class)).isEqualTo(5);
        assertThat(late.count(PASSIVE, TypeAEvent.class)).isEqualTo(5);
        assertThat(dispatcher.registry().trips())
                .extracting(CircuitBreakerTrip::orchestrator)
                .containsExactlyInAnyOrder("guarded", "late");
    }

    /** Keeps the default name(), the simple class name. */
    private static final class InventoryOrchestrator extends BaseOrchestrator<String> {
        InventoryOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super("idle", dispatcher, bus);
            start();
        }
    }

    @Test
    void aTripNamesTheOrchestratorByItsNameWhetherDefaultOrSetInTheSubclassConstructor() {
        RecordingOrchestrator guarded = start(b -> b.maxEventsPerSecond(1));
        InventoryOrchestrator inventory = new InventoryOrchestrator(dispatcher, bus);
        closeables.add(inventory);

        emit(2, TypeAEvent::new, "a-");
        events.awaitBusIdle();
        eventually().until(() -> dispatcher.registry().tripCount() == 2);

        assertThat(dispatcher.registry().trips())
                .extracting(CircuitBreakerTrip::orchestrator)
                .containsExactlyInAnyOrder("guarded", "InventoryOrchestrator");
        assertThat(logger.errorsMentioning("Circuit breaker of guarded ")).hasSize(1);
        assertThat(logger.errorsMentioning("Circuit breaker of InventoryOrchestrator "))
                .hasSize(1);
    }

    @Test
    void lifecycleEventsOfOwnJobsAreNeitherCountedNorDroppedOverTheLimit() {
        RecordingOrchestrator guarded =
                start(b -> b.typeLimit(JobSuccessEvent.class, 1).typeLimit(JobStartedEvent.class, 1));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(guarded.dispatch(new ScriptedJob((executor, job) -> "ok")));
        }
        // the registry records a job as finished after its terminal event was emitted on the bus
        eventually()
                .until(() -> ids.stream()
                        .allMatch(id -> dispatcher.registry().finished(id).isPresent()));
        events.awaitBusIdle();

        // one start and one outcome per dispatch: bounded by the orchestrator's own dispatches
        assertThat(guarded.eventsIn(STARTED)).hasSize(3);
        assertThat(guarded.eventsIn(SUCCESS)).hasSize(3);
        assertThat(guarded.hasActiveJobs()).isFalse();
        assertThat(dispatcher.registry().trips()).isEmpty();
        assertThat(logger.at(LogLevel.ERROR)).isEmpty();
    }

    @Test
    void progressOfOwnJobsIsNeitherCountedNorDroppedOverTheLimit() throws Exception {
        RecordingOrchestrator guarded = start(b -> b.typeLimit(JobProgressEvent.class, 1));
        CountDownLatch reported = new CountDownLatch(1);
        String id = guarded.dispatch(new ScriptedJob((executor, job) -> {
            executor.progress(job, 0.2);
            executor.progress(job, 0.4);
            executor.progress(job, 0.6);
            reported.countDown();
            release.await();
            return "ok";
        }));
        assertThat(reported.await(5, TimeUnit.SECONDS)).isTrue();
        events.awaitBusIdle();

        assertThat(guarded.eventsIn(PROGRESS))
                .extracting(event -> ((JobProgressEvent) event).progress())
                .containsExactly(0.2, 0.4, 0.6);
        assertThat(guarded.getJobProgress(id)).isEqualTo(OptionalDouble.of(0.6));
        assertThat(dispatcher.registry().tripCount()).isZero();
    }

    @Test
    void aFeedbackLoopBetweenTwoOrchestratorsIsStoppedWhileOtherTypesAreStillHandled() {
        RecordingOrchestrator pinger = start(b -> b);
        RecordingOrchestrator ponger = orchestrator("ponger");
        pinger.reaction = call -> {
            if (call.event() instanceof PingEvent) {
                bus.emit(new PongEvent("loop"));
            }
        };
        ponger.reaction = call -> {
            if (call.event() instanceof PongEvent) {
                bus.emit(new PingEvent("loop"));
            }
        };

        bus.emit(new PingEvent("loop"));
        eventually().until(() -> dispatcher.registry().tripCount() > 0);
        events.awaitBusIdle();
        int handledWhenIdle = pinger.calls.size() + ponger.calls.size();
        UserLoggedInEvent login = new UserLoggedInEvent("third-type");
        bus.emit(login);
        events.awaitBusIdle();

        assertThat(pinger.calls.size() + ponger.calls.size())
                .as("only the login was handled since the loop was stopped")
                .isEqualTo(handledWhenIdle + 2);
        assertThat(pinger.eventsIn(PASSIVE)).contains(login);
        assertThat(ponger.eventsIn(PASSIVE)).contains(login);
        // 51 pings were emitted (1 + one per handled pong); each side handles 50 and drops the 51st
        assertThat(pinger.count(PASSIVE, PingEvent.class)).isEqualTo(50);
        assertThat(pinger.count(PASSIVE, PongEvent.class)).isEqualTo(50);
        assertThat(ponger.count(PASSIVE, PongEvent.class)).isEqualTo(50);
        assertThat(ponger.count(PASSIVE, PingEvent.class)).isEqualTo(50);
        assertThat(dispatcher.registry().trips())
                .containsExactlyInAnyOrder(
                        new CircuitBreakerTrip("guarded", PingEvent.class, 51, 50, T0),
                        new CircuitBreakerTrip("ponger", PingEvent.class, 51, 50, T0));
        assertThat(logger.errorsMentioning("guarded")).hasSize(1);
        assertThat(logger.errorsMentioning("ponger")).hasSize(1);
    }
}
