package dev.orchestrator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pins {@link EventRecorder#awaitEvent(String, Class, Duration)}: its own bound, not the recorder's. */
class EventRecorderAwaitWithinTest {

    static final class Ping extends BaseEvent {
        Ping(String correlationId) {
            super(correlationId);
        }
    }

    static final class Pong extends BaseEvent {
        Pong(String correlationId) {
            super(correlationId);
        }
    }

    private final SignalBus bus = SignalBus.scoped("await-within-test");
    private final EventRecorder events = EventRecorder.on(bus);

    @AfterEach
    void tearDown() {
        events.close();
        bus.close();
    }

    @Test
    void returnsTheFirstEventOfThatTypeAndCorrelationId() {
        Ping other = new Ping("b");
        Ping first = new Ping("a");
        bus.emit(other);
        bus.emit(new Pong("a"));
        bus.emit(first);
        bus.emit(new Ping("a"));

        assertThat(events.awaitEvent("a", Ping.class, Duration.ofSeconds(5))).isSameAs(first);
    }

    @Test
    void givesUpAfterItsOwnBoundNotTheRecordersTimeout() {
        bus.emit(new Ping("b"));
        bus.emit(new Pong("a"));
        long start = System.nanoTime();

        assertThatThrownBy(() -> events.awaitEvent("a", Ping.class, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PT0.1S")
                .hasMessageContaining("Ping")
                .hasMessageContaining("'a'");
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(100)).isLessThan(EventRecorder.DEFAULT_TIMEOUT);
        assertThat(events.timeout())
                .as("the recorder's own timeout is unchanged")
                .isEqualTo(EventRecorder.DEFAULT_TIMEOUT);
    }

    @Test
    void rejectsABoundThatIsNotPositive() {
        assertThatThrownBy(() -> events.awaitEvent("a", Ping.class, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
    }
}
