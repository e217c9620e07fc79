package dev.orchestrator.test;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrchestratorHarnessTest {

    private final SignalBus bus = SignalBus.scoped("harness-test");
    private final Dispatcher dispatcher = Dispatcher.builder().defaultBus(bus).build();

    @AfterEach
    void tearDown() {
        dispatcher.shutdown(Duration.ZERO);
        bus.close();
    }

    static final class Counter extends BaseOrchestrator<Integer> {
        Counter(Dispatcher dispatcher, SignalBus bus) {
            super(0, dispatcher, bus);
        }

        void add(int n) {
            for (int i = 0; i < n; i++) {
                updateState(s -> s + 1);
            }
        }
    }

    @Test
    void passesWhenTheStatesAreExactlyThoseExpected() {
        assertThat(OrchestratorHarness.of(() -> new Counter(dispatcher, bus))
                        .act(counter -> counter.add(3))
                        .expectStates(1, 2, 3)
                        .verify(counter -> assertThat(counter.getState()).isEqualTo(3))
                        .run())
                .containsExactly(1, 2, 3);
    }

    @Test
    void failsOnAMissingAnExtraOrAReorderedState() {
        assertThatThrownBy(() -> OrchestratorHarness.of(() -> new Counter(dispatcher, bus))
                        .act(counter -> counter.add(3))
                        .expectStates(1, 2)
                        .run())
                .hasMessageContaining("Expected the states [1, 2], in this order, but they were [1, 2, 3]");
        assertThatThrownBy(() -> OrchestratorHarness.of(() -> new Counter(dispatcher, bus))
                        .act(counter -> counter.add(1))
                        .expectStates(1, 2)
                        .within(Duration.ofMillis(200))
                        .run())
                .hasMessageContaining("for 2 states; states seen: [1]");
        assertThatThrownBy(() -> OrchestratorHarness.of(() -> new Counter(dispatcher, bus))
                        .act(counter -> counter.add(2))
                        .expectStates(2, 1)
                        .run())
                .hasMessageContaining("but they were [1, 2]");
    }

    @Test
    void closesTheOrchestratorItBuilt() {
        Counter[] built = new Counter[1];
        OrchestratorHarness.of(() -> built[0] = new Counter(dispatcher, bus))
                .act(counter -> counter.add(1))
                .expectStates(1)
                .run();
        assertThat(built[0].isClosed()).isTrue();
    }

    static final class Job extends BaseJob {}

    @Test
    void eventAssertionsCheckKindDataErrorAndProgress() {
        BaseEvent success = new JobSuccessEvent("j1", Job.class, "ok");
        assertThat(success).isSuccess().hasData("ok").hasCorrelationId("j1").isAboutJobType(Job.class);
        assertThatThrownBy(() -> assertThat(success).isFailure()).hasMessageContaining("Expected a JobFailureEvent");
        assertThatThrownBy(() -> assertThat(success).hasData("ko")).hasMessageContaining("<ko>");

        BaseEvent failure = new JobFailureEvent("j2", Job.class, new IllegalStateException("boom"), 1);
        assertThat(failure).isFailure().hasError(IllegalStateException.class).hasErrorMessageContaining("boom");
        assertThatThrownBy(() -> assertThat(failure).hasError(IllegalArgumentException.class))
                .hasMessageContaining("IllegalStateException");

        BaseEvent progress = new JobProgressEvent("j3", Job.class, 0.25, "quarter", null, null);
        assertThat(progress).isProgress().hasProgress(0.25);
        assertThatThrownBy(() -> assertThat(progress).hasProgress(0.5)).hasMessageContaining("0.5");
    }
}
