package dev.orchestrator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pins what an {@link EventRecorder} reads by correlation id: one id's events in delivery order,
 * forgotten by {@code clear()}, and {@link EventRecorder#awaitEvent(String, Class, Duration)} with
 * its own bound, not the recorder's.
 */
class EventRecorderByCorrelationIdTest {

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
    void eventsOfReadsOneCorrelationIdInDeliveryOrderAndClearForgetsIt() {
        Ping a1 = new Ping("a");
        Pong b1 = new Pong("b");
        Pong a2 = new Pong("a");
        bus.emit(a1);
        bus.emit(b1);
        bus.emit(a2);
        events.flush();

        assertThat(events.eventsOf("a")).containsExactly(a1, a2);
        assertThat(events.eventsOf("a", Pong.class)).containsExactly(a2);
        assertThat(events.typesOf("b")).containsExactly(Pong.class);
        assertThat(events.eventsOf("c")).isEmpty();

        events.clear();
        Ping a3 = new Ping("a");
        bus.emit(a3);
        events.flush();

        assertThat(events.eventsOf("a")).containsExactly(a3);
        assertThat(events.eventsOf("b")).isEmpty();
        assertThat(events.events()).containsExactly(a3);
    }

    @Test
    void awaitEventReturnsTheFirstEventOfThatTypeAndCorrelationId() {
        Ping other = new Ping("b");
        Ping first = new Ping("a");
        bus.emit(other);
        bus.emit(new Pong("a"));
        bus.emit(first);
        bus.emit(new Ping("a"));

        assertThat(events.awaitEvent("a", Ping.class, Duration.ofSeconds(5))).isSameAs(first);
    }

    @Test
    void awaitEventGivesUpAfterItsOwnBoundNotTheRecordersTimeout() {
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
    void awaitEventRejectsABoundThatIsNotPositive() {
        assertThatThrownBy(() -> events.awaitEvent("a", Ping.class, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
    }
}
