package dev.orchestrator.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.RecordingLogger;
import dev.orchestrator.bus.BusFixtures.Numbered;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.test.EventRecorder;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins contract 8: scoped buses and the global bus never see each other's events. */
class SignalBusIsolationTest {

    /** Ours among whatever else other tests emit on the shared global bus. */
    private final String mine = UUID.randomUUID().toString();

    private final RecordingLogger logger = new RecordingLogger();
    private final SignalBus auth = SignalBus.builder("test-auth").logger(logger).build();
    private final SignalBus chat = SignalBus.builder("test-chat").logger(logger).build();
    private EventRecorder onGlobal;

    @AfterEach
    void tearDown() {
        if (onGlobal != null) {
            onGlobal.close();
        }
        auth.close();
        chat.close();
    }

    /** {@return what the recorder recorded of this test's own events, in order} */
    private List<BaseEvent> mine(EventRecorder recorder) {
        return recorder.events().stream()
                .filter(event -> event.correlationId().startsWith(mine))
                .collect(Collectors.toList());
    }

    private Numbered event(String bus, int seq) {
        return new Numbered(mine + "-" + bus, 0, seq);
    }

    @Test
    void aScopedBusAndTheGlobalBusNeverSeeEachOthersEvents() {
        onGlobal = EventRecorder.on(SignalBus.instance());
        EventRecorder onAuth = EventRecorder.on(auth);

        Numbered authEvent = event("auth", 1);
        Numbered globalEvent = event("global", 1);
        auth.emit(authEvent);
        SignalBus.instance().emit(globalEvent);
        onGlobal.flush();
        onAuth.flush();

        assertThat(mine(onGlobal)).containsExactly(globalEvent);
        assertThat(onAuth.events()).containsExactly(authEvent);
        assertThat(logger.lines).isEmpty();
    }

    @Test
    void twoScopedBusesNeverSeeEachOthersEvents() {
        EventRecorder onAuth = EventRecorder.on(auth);
        EventRecorder onChat = EventRecorder.on(chat);

        Numbered login = event("auth", 1);
        Numbered message = event("chat", 1);
        auth.emit(login);
        chat.emit(message);
        onAuth.flush();
        onChat.flush();

        assertThat(onAuth.events()).containsExactly(login);
        assertThat(onChat.events()).containsExactly(message);
        assertThat(auth.name()).isEqualTo("test-auth");
        assertThat(chat.name()).isEqualTo("test-chat");
    }

    @Test
    void closingAScopedBusLeavesTheGlobalBusAndOtherScopedBusesWorking() {
        onGlobal = EventRecorder.on(SignalBus.instance());
        EventRecorder onChat = EventRecorder.on(chat);

        auth.close();
        Numbered globalEvent = event("global", 1);
        Numbered chatEvent = event("chat", 1);
        SignalBus.instance().emit(globalEvent);
        chat.emit(chatEvent);
        onGlobal.flush();
        onChat.flush();

        assertThat(mine(onGlobal)).containsExactly(globalEvent);
        assertThat(onChat.events()).containsExactly(chatEvent);
        assertThat(SignalBus.instance().isClosed()).isFalse();
        assertThat(chat.isClosed()).isFalse();
    }
}
