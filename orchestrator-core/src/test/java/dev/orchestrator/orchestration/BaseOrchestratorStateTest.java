package dev.orchestrator.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.bus.Subscription;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins state and state listeners of {@link BaseOrchestrator} and its constructor validation (DESIGN core concepts, contract point 11). */
class BaseOrchestratorStateTest {

    private final RecordingLogger logger = new RecordingLogger();
    private SignalBus bus;
    private Dispatcher dispatcher;
    private RecordingOrchestrator orchestrator;

    @BeforeEach
    void setUp() {
        bus = OrchestrationFixtures.quietBus("test-state");
        dispatcher = OrchestrationFixtures.dispatcher(
                OrchestratorConfig.custom().logger(logger).build(), bus);
        orchestrator = new RecordingOrchestrator("stateful", dispatcher, bus);
    }

    @AfterEach
    void tearDown() {
        orchestrator.close();
        dispatcher.close();
        bus.close();
    }

    /** An orchestrator that passes its constructor arguments through unchanged. */
    private static final class PlainOrchestrator extends BaseOrchestrator<String> {
        PlainOrchestrator(String initialState, Dispatcher dispatcher) {
            super(initialState, dispatcher);
            start();
        }

        PlainOrchestrator(String initialState, Dispatcher dispatcher, SignalBus bus) {
            super(initialState, dispatcher, bus);
        }
    }

    @Test
    void startsWithTheInitialState() {
        assertThat(orchestrator.getState()).isEqualTo("initial");
    }

    @Test
    void emitUpdatesTheStateAndCallsListenersInRegistrationOrderOnTheCallingThread() {
        List<String> calls = new CopyOnWriteArrayList<>();
        Thread caller = Thread.currentThread();
        orchestrator.addStateListener(state -> calls.add("first:" + state + ":" + (Thread.currentThread() == caller)));
        orchestrator.addStateListener(state -> calls.add("second:" + state + ":" + orchestrator.getState()));

        orchestrator.setState("loading");
        orchestrator.setState("loaded");

        assertThat(orchestrator.getState()).isEqualTo("loaded");
        // the second listener sees getState() already updated when it is called
        assertThat(calls)
                .containsExactly(
                        "first:loading:true", "second:loading:loading", "first:loaded:true", "second:loaded:loaded");
    }

    @Test
    void theListenerHandleRemovesTheListener() {
        List<String> removed = new CopyOnWriteArrayList<>();
        List<String> kept = new CopyOnWriteArrayList<>();
        Subscription handle = orchestrator.addStateListener(removed::add);
        orchestrator.addStateListener(kept::add);

        orchestrator.setState("one");
        handle.unsubscribe();
        orchestrator.setState("two");

        assertThat(removed).containsExactly("one");
        assertThat(kept).containsExactly("one", "two");
    }

    @Test
    void aThrowingListenerIsLoggedAndDoesNotStopTheOthers() {
        List<String> before = new CopyOnWriteArrayList<>();
        List<String> after = new CopyOnWriteArrayList<>();
        IllegalStateException failure = new IllegalStateException("listener broke");
        orchestrator.addStateListener(before::add);
        orchestrator.addStateListener(state -> {
            throw failure;
        });
        orchestrator.addStateListener(after::add);

        orchestrator.setState("next");

        assertThat(before).containsExactly("next");
        assertThat(after).containsExactly("next");
        assertThat(orchestrator.getState()).isEqualTo("next");
        List<RecordingLogger.Line> errors = logger.errorsMentioning("stateful");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).error()).isSameAs(failure);
    }

    @Test
    void emitRejectsNullAndKeepsTheState() {
        List<String> calls = new CopyOnWriteArrayList<>();
        orchestrator.addStateListener(calls::add);

        assertThatThrownBy(() -> orchestrator.setState(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("newState");

        assertThat(orchestrator.getState()).isEqualTo("initial");
        assertThat(calls).isEmpty();
    }

    @Test
    void addStateListenerRejectsNull() {
        assertThatThrownBy(() -> orchestrator.addStateListener(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("listener");
    }

    @Test
    void constructorRejectsNullInitialStateNamingIt() {
        assertThatThrownBy(() -> new PlainOrchestrator(null, dispatcher, bus))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("initialState");
        assertThatThrownBy(() -> new PlainOrchestrator(null, dispatcher))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("initialState");
    }

    @Test
    void constructorRejectsNullDispatcherNamingIt() {
        assertThatThrownBy(() -> new PlainOrchestrator("s", null, bus))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dispatcher");
        assertThatThrownBy(() -> new PlainOrchestrator("s", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dispatcher");
    }

    @Test
    void constructorRejectsNullBusNamingItAndDoesNotSubscribe() {
        int subscribers = bus.subscriberCount();

        assertThatThrownBy(() -> new PlainOrchestrator("s", dispatcher, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("bus");

        assertThat(bus.subscriberCount()).isEqualTo(subscribers);
    }

    @Test
    void twoArgumentConstructorUsesTheDispatchersDefaultBusAndSubscribesToIt() {
        int subscribers = bus.subscriberCount();

        try (PlainOrchestrator plain = new PlainOrchestrator("s", dispatcher)) {
            assertThat(plain.bus()).isSameAs(dispatcher.defaultBus()).isSameAs(bus);
            assertThat(bus.subscriberCount()).isEqualTo(subscribers + 1);
            assertThat(plain.name()).isEqualTo("PlainOrchestrator");
        }
        assertThat(bus.subscriberCount()).isEqualTo(subscribers);
    }
}
