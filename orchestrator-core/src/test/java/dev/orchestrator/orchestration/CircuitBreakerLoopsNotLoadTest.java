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
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import dev.orchestrator.test.EventRecorder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker stops loops, not load, on the default configuration (50 events per second per
 * type). The clock stands still, so every event of a test falls in one breaker window: a thousand
 * jobs here are a thousand jobs within one second, or faster.
 */
class CircuitBreakerLoopsNotLoadTest {

    private final Clock clock = Clock.fixed(Instant.parse("2030-01-01T10:00:00Z"), ZoneOffset.UTC);
    private final RecordingLogger logger = new RecordingLogger();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final SignalBus bus = OrchestrationFixtures.quietBus("shared");
    private final EventRecorder events = EventRecorder.on(bus);
    private final Dispatcher dispatcher = OrchestrationFixtures.dispatcher(
            OrchestratorConfig.custom().clock(clock).logger(logger).build(), bus);

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        dispatcher.close();
        bus.close();
    }

    private RecordingOrchestrator orchestrator(String name) {
        RecordingOrchestrator orchestrator = new RecordingOrchestrator(name, dispatcher, bus);
        closeables.add(orchestrator);
        return orchestrator;
    }

    private static ScriptedJob jobWithProgress() {
        return new ScriptedJob((executor, job) -> {
            executor.progress(job, 0.5);
            return "ok";
        });
    }

    @Test
    void anOrchestratorDispatchingAThousandJobsInOneSecondGetsEveryHookOfEveryJob() {
        RecordingOrchestrator busy = orchestrator("busy");

        for (int i = 0; i < 1_000; i++) {
            busy.dispatch(jobWithProgress());
        }
        eventually().until(() -> busy.eventsIn(SUCCESS).size() == 1_000);
        events.awaitBusIdle();

        assertThat(busy.eventsIn(STARTED)).hasSize(1_000);
        assertThat(busy.eventsIn(PROGRESS)).hasSize(1_000);
        assertThat(busy.eventsIn(SUCCESS)).hasSize(1_000);
        assertThat(busy.hasActiveJobs()).isFalse();
        assertThat(dispatcher.registry().tripCount()).isZero();
        assertThat(logger.at(LogLevel.ERROR)).isEmpty();
    }

    @Test
    void threeOrchestratorsSharingABusAtAThousandJobsASecondTripNothingAndHearEachOther() {
        List<RecordingOrchestrator> modules =
                List.of(orchestrator("orders"), orchestrator("billing"), orchestrator("shipping"));

        for (int i = 0; i < 1_000; i++) {
            modules.get(i % 3).dispatch(jobWithProgress());
        }
        eventually()
                .until(() -> modules.stream()
                                .mapToInt(m -> m.eventsIn(SUCCESS).size())
                                .sum()
                        == 1_000);
        events.awaitBusIdle();

        assertThat(dispatcher.registry().tripCount()).isZero();
        assertThat(logger.at(LogLevel.ERROR)).isEmpty();
        for (RecordingOrchestrator module : modules) {
            int own = module.eventsIn(SUCCESS).size();
            assertThat(module.eventsIn(STARTED)).hasSize(own);
            // the other modules' jobs arrive as passive events, none dropped by the breaker
            assertThat(module.count(PASSIVE, JobStartedEvent.class)).isEqualTo(1_000 - own);
            assertThat(module.count(PASSIVE, JobProgressEvent.class)).isEqualTo(1_000 - own);
            assertThat(module.count(PASSIVE, JobSuccessEvent.class)).isEqualTo(1_000 - own);
        }
    }

    @Test
    void aLoopThroughJobEndingsBetweenTwoOrchestratorsTripsAndStops() {
        RecordingOrchestrator left = orchestrator("left");
        RecordingOrchestrator right = orchestrator("right");
        AtomicInteger dispatched = new AtomicInteger(1);
        // each side answers the end of the other side's job with a job of its own
        left.reaction = call -> {
            if (call.hook().equals(PASSIVE) && call.event() instanceof JobSuccessEvent) {
                dispatched.incrementAndGet();
                left.dispatch(new ScriptedJob((executor, job) -> "left"));
            }
        };
        right.reaction = call -> {
            if (call.hook().equals(PASSIVE) && call.event() instanceof JobSuccessEvent) {
                dispatched.incrementAndGet();
                right.dispatch(new ScriptedJob((executor, job) -> "right"));
            }
        };

        left.dispatch(new ScriptedJob((executor, job) -> "first"));
        eventually()
                .until(() -> dispatcher.registry().trips().stream()
                        .anyMatch(trip -> trip.eventType() == JobSuccessEvent.class));
        eventually().until(() -> !left.hasActiveJobs() && !right.hasActiveJobs());
        events.awaitBusIdle();

        // The first job came from outside any handler; every later one is a reaction, and each side
        // lets through 50 of the other side's reaction endings before its breaker opens.
        assertThat(dispatched.get()).isBetween(100, 103);
        assertThat(dispatcher.registry().trips())
                .extracting(CircuitBreakerTrip::eventType)
                .contains(JobSuccessEvent.class);
        assertThat(logger.errorsMentioning("tripped")).isNotEmpty();
    }
}
