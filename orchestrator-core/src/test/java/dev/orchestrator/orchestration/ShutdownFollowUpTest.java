package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.orchestration.OrchestrationFixtures.CANCELLED;
import static dev.orchestrator.orchestration.OrchestrationFixtures.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import dev.orchestrator.test.EventRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An orchestrator that answers a job's ending with a follow-up job during shutdown: within the
 * grace period the follow-up runs; after it, the dispatch is refused with one warning, not an error.
 */
class ShutdownFollowUpTest {

    private final RecordingLogger logger = new RecordingLogger();
    private final SignalBus bus = OrchestrationFixtures.quietBus("follow-up");
    private final Dispatcher dispatcher = OrchestrationFixtures.dispatcher(
            OrchestratorConfig.custom().logger(logger).build(), bus);
    private final RecordingOrchestrator orders = new RecordingOrchestrator("orders", dispatcher, bus);
    private final EventRecorder events = EventRecorder.on(bus);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> followUps = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        release.countDown();
        orders.close();
        dispatcher.close();
        bus.close();
    }

    private ScriptedJob blockedJob() {
        return new ScriptedJob((executor, job) -> {
            release.await();
            return "first";
        });
    }

    @Test
    void aFollowUpDispatchedByAHandlerDuringTheGracePeriodRunsWithinIt() throws Exception {
        orders.reaction = call -> {
            if (call.hook().equals(SUCCESS) && "first".equals(((JobSuccessEvent) call.event()).data())) {
                followUps.add(orders.dispatch(new ScriptedJob((executor, job) -> "follow-up")));
            }
        };
        String first = orders.dispatch(blockedJob());
        eventually()
                .until(() -> dispatcher.registry().running(first).isPresent()
                        && dispatcher.registry().running(first).orElseThrow().startedAt() != null);

        Thread shutdown = new Thread(() -> dispatcher.shutdown(Duration.ofSeconds(10)));
        shutdown.start();
        eventually().until(dispatcher::isShutdown);
        assertThatThrownBy(() -> orders.dispatch(new ScriptedJob((executor, job) -> "from a request thread")))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("only follow-up jobs that orchestrators' handlers dispatch are accepted");
        release.countDown();
        shutdown.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(followUps).hasSize(1);
        assertThat(dispatcher
                        .registry()
                        .finished(followUps.get(0))
                        .orElseThrow()
                        .outcome())
                .hasToString("SUCCESS");
        assertThat(logger.at(LogLevel.ERROR)).isEmpty();
        assertThat(dispatcher.registry().handlerErrorCount()).isZero();
    }

    @Test
    void aFollowUpAfterTheGracePeriodIsRefusedWithOneWarningAndNoError() {
        orders.reaction = call -> {
            if (call.hook().equals(CANCELLED)) {
                followUps.add(orders.dispatch(new ScriptedJob((executor, job) -> "too late")));
            }
        };
        String first = orders.dispatch(blockedJob());
        eventually()
                .until(() -> dispatcher.registry().running(first).isPresent()
                        && dispatcher.registry().running(first).orElseThrow().startedAt() != null);

        dispatcher.shutdown(Duration.ZERO); // cancels the running job: the handler answers with a follow-up
        eventually().until(() -> orders.eventsIn(CANCELLED).size() == 1);
        events.awaitBusIdle();

        assertThat(followUps).isEmpty();
        assertThat(logger.at(LogLevel.ERROR)).isEmpty();
        assertThat(logger.at(LogLevel.WARNING))
                .extracting(RecordingLogger.Line::message)
                .filteredOn(message -> message.startsWith("orders"))
                .singleElement()
                .asString()
                .contains("could not dispatch a follow-up job while handling JobCancelledEvent")
                .contains("the dispatcher is shut down")
                .contains("grace period is over");
        assertThat(dispatcher.registry().handlerErrorCount()).isZero();
    }
}
