package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.orchestration.OrchestrationFixtures.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import dev.orchestrator.test.EventRecorder;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only the framework emits a job's lifecycle events: a forged ending is refused, the real one still arrives. */
class ForgedLifecycleEventTest {

    private final SignalBus bus = OrchestrationFixtures.quietBus("forgery");
    private final Dispatcher dispatcher = OrchestrationFixtures.dispatcher(
            OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build(), bus);
    private final RecordingOrchestrator owner = new RecordingOrchestrator("owner", dispatcher, bus);
    private final EventRecorder events = EventRecorder.on(bus);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        owner.close();
        dispatcher.close();
        bus.close();
    }

    @Test
    void aForgedSuccessForSomeoneElsesRunningJobIsRefusedAndTheJobEndsOnceWithItsOwnResult() {
        String id = owner.dispatch(new ScriptedJob((executor, job) -> {
            release.await();
            return "genuine";
        }));
        eventually().until(() -> dispatcher.registry().running(id).orElseThrow().startedAt() != null);

        assertThatThrownBy(() -> bus.emit(new JobSuccessEvent(id, ScriptedJob.class, "forged")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a lifecycle event: only the framework emits those");
        release.countDown();
        eventually().until(() -> owner.eventsIn(SUCCESS).size() == 1);
        events.awaitBusIdle();

        assertThat(owner.eventsIn(SUCCESS))
                .singleElement()
                .extracting(event -> ((JobSuccessEvent) event).data())
                .isEqualTo("genuine");
    }
}
