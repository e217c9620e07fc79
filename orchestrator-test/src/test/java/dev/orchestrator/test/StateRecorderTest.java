package dev.orchestrator.test;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class StateRecorderTest {

    private final SignalBus bus = SignalBus.scoped("states-test");
    private final Dispatcher dispatcher = Dispatcher.builder().defaultBus(bus).build();

    static final class Counter extends BaseOrchestrator<Integer> {
        Counter(Dispatcher dispatcher, SignalBus bus) {
            super(0, dispatcher, bus);
        }

        void add(int n) {
            updateState(s -> s + n);
        }
    }

    private final Counter counter = new Counter(dispatcher, bus);

    @AfterEach
    void tearDown() {
        counter.close();
        dispatcher.shutdown(Duration.ZERO);
        bus.close();
    }

    @RepeatedTest(5)
    void recordsEveryStateInOrder() throws Exception {
        try (StateRecorder<Integer> states = StateRecorder.of(counter)) {
            Thread adder = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    counter.add(1);
                }
            });
            adder.start();

            states.awaitState(s -> s == 100);
            adder.join();
            assertThat(states)
                    .passedThrough(1, 50, 100)
                    .endedIn(100)
                    .states()
                    .hasSize(100)
                    .isSorted();
        }
    }

    @Test
    void failuresNameTheStatesSeen() {
        try (StateRecorder<Integer> states = StateRecorder.of(counter).within(Duration.ofMillis(100))) {
            counter.add(2);
            states.awaitState(s -> s == 2);

            assertThatThrownBy(() -> assertThat(states).passedThrough(1, 2)).hasMessageContaining("[2]");
            assertThatThrownBy(() -> assertThat(states).endedIn(3)).hasMessageContaining("[2]");
            assertThatThrownBy(() -> states.awaitState(s -> s == 5)).hasMessageContaining("states seen: [2]");
        }
    }
}
