package dev.orchestrator.bus;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.BusFixtures.Numbered;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.test.EventRecorder;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins contract 8: scoped buses and the global bus never see each other's events. */
class SignalBusIsolationTest {

    /** Ours among whatever else other tests emit on the shared global bus. */
    private final String mine = UUID.randomUUID().toString();

    private final RecordingLogger logger = new RecordingLogger();
    private final SignalBus auth = SignalBus.builder("test-auth").logger(logger).build();
    private final SignalBus chat = SignalBus.builder("test-chat").logger(logger).build();
    private Subscription globalSubscription;

    @AfterEach
    void tearDown() {
        if (globalSubscription != null) {
            globalSubscription.unsubscribe();
        }
        auth.close();
        chat.close();
    }

    private Consumer<BaseEvent> onlyMine(EventRecorder recorder) {
        return event -> {
            if (event.correlationId().startsWith(mine)) {
                recorder.accept(event);
            }
        };
    }

    private Numbered event(String bus, int seq) {
        return new Numbered(mine + "-" + bus, 0, seq);
    }

    @Test
    void aScopedBusAndTheGlobalBusNeverSeeEachOthersEvents() {
        EventRecorder onGlobal = EventRecorder.create();
        globalSubscription = SignalBus.instance().subscribe(onlyMine(onGlobal));
        EventRecorder onAuth = EventRecorder.create();
        auth.subscribe(onlyMine(onAuth));

        Numbered authEvent = event("auth", 1);
        Numbered globalEvent = event("global", 1);
        auth.emit(authEvent);
        SignalBus.instance().emit(globalEvent);
        // emitted last on both buses: once a subscriber has its bus's marker, nothing else is on its way
        Numbered authMarker = event("auth", 2);
        Numbered globalMarker = event("global", 2);
        auth.emit(authMarker);
        SignalBus.instance().emit(globalMarker);

        eventually()
                .until(() -> onGlobal.events().contains(globalMarker)
                        && onAuth.events().contains(authMarker));
        assertThat(onGlobal.events()).containsExactly(globalEvent, globalMarker);
        assertThat(onAuth.events()).containsExactly(authEvent, authMarker);
        assertThat(logger.lines).isEmpty();
    }

    @Test
    void twoScopedBusesNeverSeeEachOthersEvents() {
        EventRecorder onAuth = EventRecorder.create();
        EventRecorder onChat = EventRecorder.create();
        auth.subscribe(onAuth);
        chat.subscribe(onChat);

        Numbered login = event("auth", 1);
        Numbered message = event("chat", 1);
        auth.emit(login);
        chat.emit(message);
        Numbered authMarker = event("auth", 2);
        Numbered chatMarker = event("chat", 2);
        auth.emit(authMarker);
        chat.emit(chatMarker);

        eventually()
                .until(() ->
                        onAuth.events().contains(authMarker) && onChat.events().contains(chatMarker));
        assertThat(onAuth.events()).containsExactly(login, authMarker);
        assertThat(onChat.events()).containsExactly(message, chatMarker);
        assertThat(auth.name()).isEqualTo("test-auth");
        assertThat(chat.name()).isEqualTo("test-chat");
    }

    @Test
    void closingAScopedBusLeavesTheGlobalBusAndOtherScopedBusesWorking() {
        EventRecorder onGlobal = EventRecorder.create();
        globalSubscription = SignalBus.instance().subscribe(onlyMine(onGlobal));
        EventRecorder onChat = EventRecorder.create();
        chat.subscribe(onChat);

        auth.close();
        Numbered globalEvent = event("global", 1);
        Numbered chatEvent = event("chat", 1);
        SignalBus.instance().emit(globalEvent);
        chat.emit(chatEvent);

        onGlobal.awaitEvents(BaseEvent.class, 1);
        onChat.awaitEvents(BaseEvent.class, 1);
        assertThat(onGlobal.events()).containsExactly(globalEvent);
        assertThat(onChat.events()).containsExactly(chatEvent);
        assertThat(SignalBus.instance().isClosed()).isFalse();
        assertThat(chat.isClosed()).isFalse();
    }
}
