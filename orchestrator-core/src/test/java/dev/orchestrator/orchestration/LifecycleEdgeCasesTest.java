package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedExecutor;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import dev.orchestrator.orchestration.OrchestrationFixtures.UserLoggedInEvent;
import dev.orchestrator.test.EventRecorder;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Edge cases of the engine's lifecycle: shared registries, failed starts. */
class LifecycleEdgeCasesTest {

    private static OrchestratorConfig quiet() {
        return OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build();
    }

    @Test
    void aJobOfADispatcherSharingARegistryStillEndsAfterTheRegistrysOwnerShutDown() throws Exception {
        SignalBus bus = OrchestrationFixtures.quietBus("shared-registry");
        Dispatcher owner = Dispatcher.builder().config(quiet()).defaultBus(bus).build();
        Dispatcher guest = Dispatcher.builder()
                .config(quiet())
                .defaultBus(bus)
                .registry(owner.registry())
                .build();
        guest.register(new ScriptedExecutor());
        EventRecorder heard = EventRecorder.on(bus);
        CountDownLatch release = new CountDownLatch(1);
        try {
            JobHandle<Object> handle = guest.submit(new ScriptedJob((executor, job) -> {
                release.await();
                return "still ends";
            }));
            eventually().until(() -> handle.attempt() == 1);

            owner.shutdown(Duration.ZERO); // closes the registry it created, which the guest shares
            release.countDown();

            assertThat(handle.result().get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .isEqualTo("still ends");
            assertThat(handle.isDone()).isTrue();
            heard.awaitEvent(handle.id(), dev.orchestrator.event.JobSuccessEvent.class);
        } finally {
            release.countDown();
            guest.close();
            bus.close();
        }
    }

    static final class Listener extends BaseOrchestrator<String> {
        Listener(Dispatcher dispatcher, SignalBus bus, SignalBus other) {
            super("idle", dispatcher, bus);
            listenTo(other, UserLoggedInEvent.class);
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {}
    }

    @Test
    void aStartThatFailsLeavesNoSubscriptionBehindAndCanBeRetriedWithoutDoubling() {
        SignalBus own = OrchestrationFixtures.quietBus("own");
        SignalBus other = OrchestrationFixtures.quietBus("other");
        try (Dispatcher dispatcher = OrchestrationFixtures.dispatcher(quiet(), own)) {
            Listener listener = new Listener(dispatcher, own, other);
            other.close();

            assertThatThrownBy(listener::start).isInstanceOf(IllegalStateException.class);
            assertThat(own.subscriberCount()).isZero();
            assertThat(listener.isStarted()).isFalse();
            assertThatThrownBy(listener::start).isInstanceOf(IllegalStateException.class);
            assertThat(own.subscriberCount())
                    .as("no subscription left by either try")
                    .isZero();
            listener.close();
        } finally {
            own.close();
        }
    }
}
