package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.orchestration.OrchestrationFixtures.PASSIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.TypeAEvent;
import dev.orchestrator.orchestration.OrchestrationFixtures.UserLoggedInEvent;
import dev.orchestrator.test.EventRecorder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** An orchestrator on a scoped bus hears chosen event types of another bus through its own handlers. */
class ListenToAnotherBusTest {

    private final Clock clock = Clock.fixed(Instant.parse("2030-01-01T10:00:00Z"), ZoneOffset.UTC);
    private final RecordingLogger logger = new RecordingLogger();
    private final SignalBus global = OrchestrationFixtures.quietBus("global-test");
    private final SignalBus cartBus = OrchestrationFixtures.quietBus("cart");
    private final Dispatcher dispatcher = OrchestrationFixtures.dispatcher(
            OrchestratorConfig.custom().clock(clock).logger(logger).build(), global);
    private final RecordingOrchestrator cart = new RecordingOrchestrator("cart", dispatcher, cartBus);
    private final EventRecorder globalEvents = EventRecorder.on(global);
    private final EventRecorder cartEvents = EventRecorder.on(cartBus);

    @AfterEach
    void tearDown() {
        cart.close();
        dispatcher.close();
        cartBus.close();
        global.close();
    }

    @Test
    void chosenEventTypesOfTheOtherBusReachOnPassiveEventAndOthersDoNot() {
        cart.hear(global, UserLoggedInEvent.class);
        UserLoggedInEvent login = new UserLoggedInEvent("ada");

        global.emit(new TypeAEvent("not chosen"));
        global.emit(login);
        globalEvents.awaitBusIdle();
        cartEvents.awaitBusIdle();

        assertThat(cart.eventsIn(PASSIVE)).containsExactly(login);
    }

    @RepeatedTest(5)
    void handlersNeverRunConcurrentlyAcrossTheTwoBuses() throws Exception {
        cart.hear(global, TypeAEvent.class);
        cart.reaction = call -> Thread.onSpinWait();
        int perBus = 40; // within the breaker's default limit of 50 per type and second (the clock stands still)
        Thread globalEmitter = new Thread(() -> {
            for (int i = 0; i < perBus; i++) {
                global.emit(new TypeAEvent("global-" + i));
            }
        });
        globalEmitter.start();
        for (int i = 0; i < perBus; i++) {
            cartBus.emit(new OrchestrationFixtures.TypeBEvent("cart-" + i));
        }
        globalEmitter.join();
        eventually().until(() -> cart.eventsIn(PASSIVE).size() == 2 * perBus);

        assertThat(cart.maxInFlight).hasValue(1);
    }

    @Test
    void theCircuitBreakerAppliesToEventsFromTheOtherBus() throws Exception {
        cart.hear(global, UserLoggedInEvent.class);

        for (int i = 0; i < 60; i++) {
            global.emit(new UserLoggedInEvent("user-" + i));
        }
        eventually().until(() -> dispatcher.registry().tripCount() == 1);
        globalEvents.awaitBusIdle();

        assertThat(cart.count(PASSIVE, UserLoggedInEvent.class)).isEqualTo(50);
        assertThat(dispatcher.registry().trips())
                .extracting(CircuitBreakerTrip::orchestrator, CircuitBreakerTrip::eventType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cart", UserLoggedInEvent.class));
    }

    @Test
    void closingTheOrchestratorEndsTheSubscriptionToTheOtherBus() {
        cart.hear(global, UserLoggedInEvent.class);
        int subscribed = global.subscriberCount();

        cart.close();
        global.emit(new UserLoggedInEvent("after close"));

        assertThat(global.subscriberCount()).isEqualTo(subscribed - 1);
        assertThat(cart.eventsIn(PASSIVE)).isEmpty();
    }

    @Test
    void badArgumentsAreRejectedNamingWhatIsWrong() {
        assertThatThrownBy(() -> cart.hear(cartBus, UserLoggedInEvent.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("own bus 'cart'");
        assertThatThrownBy(() -> cart.hear(global))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one event type");
        assertThatThrownBy(() -> cart.hear(null, UserLoggedInEvent.class))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("other");
        cart.close();
        assertThatThrownBy(() -> cart.hear(global, UserLoggedInEvent.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
