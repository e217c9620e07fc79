package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import dev.orchestrator.orchestration.OrchestrationFixtures.UserLoggedInEvent;
import dev.orchestrator.test.EventRecorder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** An orchestrator handles events from start() on, never from its constructor. */
class OrchestratorStartTest {

    private final SignalBus global = OrchestrationFixtures.quietBus("start-global");
    private final SignalBus moduleBus = OrchestrationFixtures.quietBus("start-module");
    private final Dispatcher dispatcher = OrchestrationFixtures.dispatcher(
            OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build(), global);

    /** Its name and its list are fields its subclass constructor sets after the base constructor ran. */
    static final class Module extends BaseOrchestrator<String> {
        private final String name;
        private final List<String> heard;

        Module(String name, Dispatcher dispatcher, SignalBus bus, SignalBus global) {
            super("idle", dispatcher, bus);
            listenTo(global, UserLoggedInEvent.class);
            this.name = name;
            this.heard = new CopyOnWriteArrayList<>();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            heard.add(event.getClass().getSimpleName() + ":" + event.correlationId() + "@" + name);
        }
    }

    @AfterEach
    void tearDown() {
        dispatcher.close();
        moduleBus.close();
        global.close();
    }

    @RepeatedTest(10)
    void eventsEmittedWhileASubclassIsBeingBuiltNeverReachIt() throws Exception {
        AtomicBoolean emitting = new AtomicBoolean(true);
        Thread emitter = new Thread(() -> {
            int i = 0;
            while (emitting.get()) {
                global.emit(new UserLoggedInEvent("early-" + i++));
            }
        });
        emitter.start();
        Module module;
        try {
            module = new Module("cart", dispatcher, moduleBus, global);
        } finally {
            emitting.set(false);
            emitter.join();
        }
        try (module) {
            assertThat(module.isStarted()).isFalse();
            assertThat(global.awaitIdle(java.time.Duration.ofSeconds(5))).isTrue();
            assertThat(module.heard).as("nothing before start").isEmpty();

            module.start();
            UserLoggedInEvent login = new UserLoggedInEvent("ada");
            global.emit(login);

            eventually().until(() -> module.heard.contains("UserLoggedInEvent:ada@cart"));
            assertThat(module.heard).containsExactly("UserLoggedInEvent:ada@cart");
        }
    }

    @Test
    void anOrchestratorThatWasNotStartedRefusesToDispatchSayingSo() {
        try (Module module = new Module("chat", dispatcher, moduleBus, global)) {
            assertThatThrownBy(() -> module.dispatch(new ScriptedJob((executor, job) -> "x")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("chat has not been started")
                    .hasMessageContaining("call start()")
                    .hasMessageContaining("was not dispatched");
            assertThat(dispatcher.registry().runningCount()).isZero();
        }
    }

    @Test
    void startIsIdempotentAndAClosedOrchestratorCannotStart() {
        Module module = new Module("auth", dispatcher, moduleBus, global);
        int subscribers = moduleBus.subscriberCount();

        assertThat(module.start()).isSameAs(module);
        module.start();
        assertThat(moduleBus.subscriberCount()).isEqualTo(subscribers + 1);
        assertThat(global.subscriberCount()).isEqualTo(1);

        module.close();
        assertThat(moduleBus.subscriberCount()).isEqualTo(subscribers);
        assertThat(global.subscriberCount()).isZero();
        assertThatThrownBy(module::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aStartedOrchestratorHearsItsOwnBus() {
        try (Module module = new Module("shop", dispatcher, moduleBus, global)) {
            module.start();
            try (EventRecorder events = EventRecorder.on(moduleBus)) {
                UserLoggedInEvent local = new UserLoggedInEvent("bob");
                moduleBus.emit(local);
                events.awaitBusIdle();
                assertThat(module.heard).containsExactly("UserLoggedInEvent:bob@shop");
            }
        }
    }
}
