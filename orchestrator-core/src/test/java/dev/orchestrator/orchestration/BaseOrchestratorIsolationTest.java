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
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import dev.orchestrator.orchestration.OrchestrationFixtures.UserLoggedInEvent;
import dev.orchestrator.test.EventRecorder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins handler isolation of {@link BaseOrchestrator}: logged, counted, reported, contained (contract point 10). */
class BaseOrchestratorIsolationTest {

    private final RecordingLogger logger = new RecordingLogger();
    private final List<Object[]> handlerFailures = new CopyOnWriteArrayList<>();
    private SignalBus bus;
    private Dispatcher dispatcher;
    private RecordingOrchestrator faulty;
    private RecordingOrchestrator bystander;
    private EventRecorder witness;

    @BeforeEach
    void setUp() {
        bus = OrchestrationFixtures.quietBus("test-isolation");
        dispatcher = OrchestrationFixtures.dispatcher(
                OrchestratorConfig.custom().logger(logger).build(), bus);
        dispatcher.registry().addObserver(new OrchestratorObserver() {
            @Override
            public void handlerFailed(String orchestrator, BaseEvent event, Throwable error) {
                handlerFailures.add(new Object[] {orchestrator, event, error});
            }
        });
        faulty = new RecordingOrchestrator("faulty", dispatcher, bus);
        bystander = new RecordingOrchestrator("bystander", dispatcher, bus);
        witness = EventRecorder.on(bus);
    }

    @AfterEach
    void tearDown() {
        witness.close();
        faulty.close();
        bystander.close();
        dispatcher.close();
        bus.close();
    }

    @Test
    void aThrowingActiveHookIsLoggedCountedReportedAndTheNextEventsAreStillHandled() {
        IllegalStateException failure = new IllegalStateException("hook broke");
        faulty.reaction = call -> {
            if (call.hook().equals(STARTED)) {
                throw failure;
            }
        };

        String id = faulty.dispatch(new ScriptedJob((executor, job) -> {
            executor.progress(job, 0.5);
            return "done";
        }));

        eventually().until(() -> faulty.hooksFor(id).contains(SUCCESS));
        assertThat(faulty.hooksFor(id)).containsExactly(STARTED, PROGRESS, SUCCESS);
        assertThat(dispatcher.registry().handlerErrorCount()).isEqualTo(1);
        assertThat(handlerFailures).hasSize(1);
        assertThat(handlerFailures.get(0)[0]).isEqualTo("faulty");
        assertThat(handlerFailures.get(0)[1])
                .isInstanceOf(JobStartedEvent.class)
                .extracting(e -> ((BaseEvent) e).correlationId())
                .isEqualTo(id);
        assertThat(handlerFailures.get(0)[2]).isSameAs(failure);
        List<RecordingLogger.Line> errors = logger.errorsMentioning("faulty");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).error()).isSameAs(failure);
    }

    @Test
    void aThrowingHandlerAffectsNeitherTheExecutorNorOtherSubscribers() {
        faulty.reaction = call -> {
            throw new IllegalStateException("every hook breaks: " + call.hook());
        };

        String id = faulty.dispatch(new ScriptedJob((executor, job) -> {
            executor.progress(job, 0.5);
            return "done";
        }));

        eventually().until(() -> dispatcher.registry().finished(id).isPresent());
        assertThat(dispatcher.registry().finished(id).orElseThrow().outcome()).isEqualTo(JobOutcome.SUCCESS);
        eventually().until(() -> bystander.hooksFor(id).size() == 3);
        assertThat(bystander.eventsIn(PASSIVE).stream()
                        .filter(e -> e.correlationId().equals(id))
                        .map(Object::getClass))
                .containsExactly(JobStartedEvent.class, JobProgressEvent.class, JobSuccessEvent.class);
        witness.awaitEnding(id);
        assertThat(witness.eventsOf(id)).hasSize(3).last().isInstanceOf(JobSuccessEvent.class);
        eventually().until(() -> faulty.hooksFor(id).size() == 3);
        assertThat(faulty.hooksFor(id)).containsExactly(STARTED, PROGRESS, SUCCESS);
        assertThat(faulty.isJobRunning(id))
                .as("bookkeeping happens even when the terminal hook throws")
                .isFalse();
        assertThat(faulty.hasActiveJobs()).isFalse();
        assertThat(dispatcher.registry().handlerErrorCount()).isEqualTo(3);
        assertThat(handlerFailures).hasSize(3).allSatisfy(f -> assertThat(f[0]).isEqualTo("faulty"));
        assertThat(bystander.maxInFlight.get()).isEqualTo(1);
    }

    @Test
    void aPassiveHookThrowingAnErrorIsIsolatedAndTheNextPassiveEventIsHandled() {
        AssertionError failure = new AssertionError("not even an exception");
        UserLoggedInEvent poison = new UserLoggedInEvent("poison");
        faulty.reaction = call -> {
            if (call.event() == poison) {
                throw failure;
            }
        };
        UserLoggedInEvent next = new UserLoggedInEvent("next");

        bus.emit(poison);
        bus.emit(next);
        witness.awaitBusIdle();

        assertThat(faulty.eventsIn(PASSIVE)).containsSubsequence(poison, next);
        assertThat(bystander.eventsIn(PASSIVE)).containsSubsequence(poison, next);
        assertThat(dispatcher.registry().handlerErrorCount()).isEqualTo(1);
        assertThat(handlerFailures).hasSize(1);
        assertThat(handlerFailures.get(0)[1]).isSameAs(poison);
        assertThat(handlerFailures.get(0)[2]).isSameAs(failure);
        assertThat(logger.errorsMentioning("faulty")).hasSize(1);
    }

    /** A logger that breaks, although the SPI asks it not to. */
    private static final class ThrowingLogger implements OrchestratorLogger {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void log(LogLevel level, String message, Throwable error) {
            calls.incrementAndGet();
            throw new IllegalStateException("logger down");
        }
    }

    @Test
    void aThrowingLoggerDoesNotStopHandlerErrorsFromBeingCountedNorTripsFromBeingRecorded() {
        ThrowingLogger brokenLogger = new ThrowingLogger();
        SignalBus brokenBus = OrchestrationFixtures.quietBus("test-broken-logger");
        Dispatcher brokenDispatcher = OrchestrationFixtures.dispatcher(
                OrchestratorConfig.custom()
                        .logger(brokenLogger)
                        .maxEventsPerSecond(1)
                        .build(),
                brokenBus);
        try (RecordingOrchestrator orchestrator = new RecordingOrchestrator("logged", brokenDispatcher, brokenBus);
                EventRecorder brokenEvents = EventRecorder.on(brokenBus)) {
            UserLoggedInEvent poison = new UserLoggedInEvent("poison");
            orchestrator.reaction = call -> {
                if (call.event() == poison) {
                    throw new IllegalStateException("hook broke");
                }
            };

            brokenBus.emit(poison);
            brokenBus.emit(new UserLoggedInEvent("over-the-limit"));
            brokenEvents.awaitBusIdle();

            assertThat(brokenLogger.calls.get()).as("both failures were logged").isEqualTo(2);
            assertThat(brokenDispatcher.registry().handlerErrorCount()).isEqualTo(1);
            assertThat(brokenDispatcher.registry().trips())
                    .extracting(CircuitBreakerTrip::eventType)
                    .containsExactly(UserLoggedInEvent.class);
        } finally {
            brokenDispatcher.close();
            brokenBus.close();
        }
    }

    @Test
    void aThrowingLoggerDoesNotStopTheOtherStateListeners() {
        SignalBus brokenBus = OrchestrationFixtures.quietBus("test-broken-logger");
        Dispatcher brokenDispatcher = OrchestrationFixtures.dispatcher(
                OrchestratorConfig.custom().logger(new ThrowingLogger()).build(), brokenBus);
        try (RecordingOrchestrator orchestrator = new RecordingOrchestrator("logged", brokenDispatcher, brokenBus)) {
            List<String> later = new CopyOnWriteArrayList<>();
            orchestrator.addStateListener(state -> {
                throw new IllegalStateException("listener broke");
            });
            orchestrator.addStateListener(later::add);

            orchestrator.setState("next");

            assertThat(later).containsExactly("next");
        } finally {
            brokenDispatcher.close();
            brokenBus.close();
        }
    }
}
