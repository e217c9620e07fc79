package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.orchestration.OrchestrationFixtures.ACTIVE_EVENT;
import static dev.orchestrator.orchestration.OrchestrationFixtures.PASSIVE;
import static dev.orchestrator.orchestration.OrchestrationFixtures.PROGRESS;
import static dev.orchestrator.orchestration.OrchestrationFixtures.STARTED;
import static dev.orchestrator.orchestration.OrchestrationFixtures.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.OrchestrationFixtures.ItemAddedEvent;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import dev.orchestrator.orchestration.OrchestrationFixtures.UserLoggedInEvent;
import dev.orchestrator.test.EventRecorder;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins scoped-bus isolation in both directions on the real global bus, filtering by own ids (contract point 8). */
class ScopedBusOrchestrationTest {

    private final SignalBus global = SignalBus.instance();
    private SignalBus authBus;
    private SignalBus chatBus;
    private Dispatcher dispatcher;
    private RecordingOrchestrator auth;
    private RecordingOrchestrator chat;
    private RecordingOrchestrator shell;
    private EventRecorder globalWitness;
    private EventRecorder authWitness;
    private EventRecorder chatWitness;

    @BeforeEach
    void setUp() {
        authBus = OrchestrationFixtures.quietBus("test-auth");
        chatBus = OrchestrationFixtures.quietBus("test-chat");
        OrchestratorConfig config = OrchestratorConfig.custom()
                .logger(NoOpLogger.INSTANCE)
                .maxEventsPerSecond(100_000) // the global bus may carry other traffic; not about the breaker
                .build();
        dispatcher = OrchestrationFixtures.dispatcher(config, null); // default bus: the global one
        auth = new RecordingOrchestrator("auth", dispatcher, authBus);
        chat = new RecordingOrchestrator("chat", dispatcher, chatBus);
        shell = new RecordingOrchestrator("shell", dispatcher);
        globalWitness = EventRecorder.on(global);
        authWitness = EventRecorder.on(authBus);
        chatWitness = EventRecorder.on(chatBus);
    }

    @AfterEach
    void tearDown() {
        globalWitness.close();
        authWitness.close();
        chatWitness.close();
        auth.close();
        chat.close();
        shell.close();
        dispatcher.close();
        authBus.close();
        chatBus.close();
    }

    private static ScriptedJob busyJob() {
        return new ScriptedJob((executor, job) -> {
            executor.progress(job, 0.5);
            executor.domain(job, new ItemAddedEvent(job.id()));
            return "done";
        });
    }

    /** Makes everything emitted on the global bus so far observable to the global listeners. */
    private void flushGlobal() {
        globalWitness.awaitBusIdle();
    }

    @Test
    void theOrchestratorWithoutABusListensAndDispatchesOnTheGlobalBus() {
        assertThat(shell.bus()).isSameAs(global);
        assertThat(auth.bus()).isSameAs(authBus);
    }

    @Test
    void jobEventsOfAScopedOrchestratorStayOnItsBusAndGlobalListenersNeverSeeThem() {
        ScriptedJob job = busyJob();
        String id = auth.dispatch(job);
        eventually().until(() -> auth.hooksFor(id).contains(SUCCESS));

        assertThat(dispatcher.registry().finished(id).orElseThrow().bus()).isEqualTo(authBus.name());
        assertThat(auth.hooksFor(id)).containsExactly(STARTED, PROGRESS, ACTIVE_EVENT, SUCCESS);
        authWitness.awaitEnding(id);
        assertThat(authWitness.eventsOf(id))
                .map(Object::getClass)
                .containsExactly(
                        JobStartedEvent.class, JobProgressEvent.class, ItemAddedEvent.class, JobSuccessEvent.class);

        flushGlobal();
        assertThat(globalWitness.eventsOf(id)).isEmpty();
        assertThat(shell.hooksFor(id)).isEmpty();
        chatWitness.awaitBusIdle();
        assertThat(chat.hooksFor(id)).as("another scoped bus").isEmpty();
    }

    @Test
    void jobEventsOfAGlobalOrchestratorNeverReachAScopedBus() {
        ScriptedJob job = busyJob();
        String id = shell.dispatch(job);
        eventually().until(() -> shell.hooksFor(id).contains(SUCCESS));

        assertThat(dispatcher.registry().finished(id).orElseThrow().bus()).isEqualTo(global.name());
        assertThat(shell.hooksFor(id)).containsExactly(STARTED, PROGRESS, ACTIVE_EVENT, SUCCESS);
        flushGlobal();
        assertThat(globalWitness.eventsOf(id)).hasSize(4);

        authWitness.awaitBusIdle();
        assertThat(auth.hooksFor(id)).isEmpty();
        assertThat(authWitness.eventsOf(id)).isEmpty();
    }

    @Test
    void aPublicEventOnTheGlobalBusIsPassiveForGlobalOrchestratorsAndUnseenByScopedOnes() {
        String userId = "user-" + UUID.randomUUID();
        UserLoggedInEvent login = new UserLoggedInEvent(userId);

        global.emit(login);
        flushGlobal();

        assertThat(shell.hooksFor(userId)).containsExactly(PASSIVE);
        assertThat(shell.eventsIn(PASSIVE)).contains(login);
        authWitness.awaitBusIdle();
        assertThat(auth.hooksFor(userId)).isEmpty();
    }

    @Test
    void anEventOnAScopedBusIsPassiveThereAndUnseenOnTheGlobalBus() {
        String userId = "user-" + UUID.randomUUID();
        UserLoggedInEvent internal = new UserLoggedInEvent(userId);

        authBus.emit(internal);
        authWitness.awaitBusIdle();

        assertThat(auth.hooksFor(userId)).containsExactly(PASSIVE);
        flushGlobal();
        assertThat(shell.hooksFor(userId)).isEmpty();
        assertThat(globalWitness.eventsOf(userId)).isEmpty();
    }

    @Test
    void aScopedModulePublishesItsImportantEventsOnTheGlobalBusExplicitly() {
        String userId = "user-" + UUID.randomUUID();
        auth.reaction = call -> {
            if (call.hook().equals(SUCCESS)) {
                global.emit(new UserLoggedInEvent(userId));
            }
        };

        String id = auth.dispatch(busyJob());
        eventually().until(() -> shell.hooksFor(userId).contains(PASSIVE));

        flushGlobal();
        assertThat(shell.hooksFor(userId)).containsExactly(PASSIVE);
        assertThat(shell.hooksFor(id))
                .as("the module's internal events stayed private")
                .isEmpty();
        assertThat(globalWitness.eventsOf(id)).isEmpty();
    }
}
