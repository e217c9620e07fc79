package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.orchestration.OrchestrationFixtures.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pins what the framework's log lines may carry: event type, job type and id, error class and
 * message, with caller-chosen values quoted and their line breaks escaped; never a job's result,
 * progress message or data.
 */
class LogLinesCarryNoJobDataTest {

    private static final String CARD = "4111 1111 1111 1111";
    private static final String FORGED = "\n[ERROR] forged line\r\n";

    private final RecordingLogger logger = new RecordingLogger();
    private final SignalBus bus =
            SignalBus.builder("log-lines").logger(logger).subscriberCapacity(1).build();
    private final Dispatcher dispatcher = OrchestrationFixtures.dispatcher(
            OrchestratorConfig.custom().logger(logger).build(), bus);
    private final RecordingOrchestrator orchestrator = new RecordingOrchestrator("reports", dispatcher, bus);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        orchestrator.close();
        dispatcher.close();
        bus.close();
    }

    /** A domain event whose correlation id comes from a caller. */
    static final class ReportRequestedEvent extends BaseEvent {
        ReportRequestedEvent(String correlationId) {
            super(correlationId);
        }
    }

    @Test
    void failureLinesNameTypesAndIdsAndNeverCarryResultsProgressMessagesOrRawLineBreaks() throws Exception {
        // a subscriber that fails on every event, with an error message that tries to forge a line
        bus.subscribe("failing", BaseEvent.class, event -> {
            throw new IllegalStateException("cannot handle" + FORGED);
        });
        // a subscriber that blocks, so that the bus drops events for it and warns once
        CountDownLatch blocked = new CountDownLatch(1);
        bus.subscribe("blocked", JobProgressEvent.class, event -> {
            blocked.countDown();
            await(release);
        });
        // an orchestrator whose success hook fails
        orchestrator.reaction = call -> {
            if (call.hook().equals(SUCCESS)) {
                throw new IllegalArgumentException("hook broke" + FORGED);
            }
        };

        // first, alone: with a capacity of 1 a later non-terminal event may be dropped for a busy subscriber
        bus.emit(new ReportRequestedEvent("request" + FORGED));
        eventually()
                .until(() -> !logger.errorsMentioning("ReportRequestedEvent").isEmpty());

        String id = orchestrator.dispatch(new ScriptedJob((executor, job) -> {
            for (int i = 1; i <= 5; i++) {
                executor.progress(job, i / 5.0, "charging card " + CARD + FORGED);
            }
            return "paid with " + CARD + FORGED;
        }));

        eventually().until(() -> orchestrator.hooksFor(id).contains(SUCCESS));
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        eventually().untilAsserted(() -> {
            assertThat(logger.errorsMentioning("Subscriber 'failing'"))
                    .anySatisfy(line -> assertThat(line.message())
                            .contains("JobSuccessEvent[job=ScriptedJob, id='" + id + "']")
                            .contains("IllegalStateException: 'cannot handle\\n[ERROR] forged line\\r\\n'"))
                    .anySatisfy(line -> assertThat(line.message())
                            .contains("ReportRequestedEvent[correlationId='request\\n[ERROR] forged line\\r\\n']"));
            assertThat(logger.errorsMentioning(
                            "Handler of reports failed on JobSuccessEvent[job=ScriptedJob, id='" + id + "']"))
                    .singleElement()
                    .satisfies(line -> assertThat(line.message()).contains("'hook broke\\n[ERROR] forged line\\r\\n'"));
            assertThat(logger.at(LogLevel.WARNING))
                    .anySatisfy(line -> assertThat(line.message())
                            .contains("Subscriber 'blocked'")
                            .contains("first event over the capacity: JobProgressEvent[job=ScriptedJob, id='" + id
                                    + "']"));
        });
        bus.close();
        bus.emit(new ReportRequestedEvent("after close" + FORGED));

        assertThat(logger.lines)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.message())
                        .doesNotContain(CARD)
                        .doesNotContain("paid with")
                        .doesNotContain("charging card")
                        .doesNotContain("\n")
                        .doesNotContain("\r"));
        assertThat(logger.lines.stream().map(RecordingLogger.Line::message))
                .noneMatch(message -> message.contains(JobEvent.class.getSimpleName() + "[correlationId="));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
