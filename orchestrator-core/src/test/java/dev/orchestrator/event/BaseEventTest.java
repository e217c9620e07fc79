package dev.orchestrator.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Pins BaseEvent (DESIGN "Core concepts"): users define domain events by extending it; correlation id and timestamp are required. */
class BaseEventTest {

    /** A user's domain event, such as a {@code UserLoggedInEvent}. */
    static final class UserLoggedInEvent extends BaseEvent {
        private final String userName;

        UserLoggedInEvent(String correlationId, String userName) {
            super(correlationId);
            this.userName = userName;
        }

        UserLoggedInEvent(String correlationId, Instant timestamp, String userName) {
            super(correlationId, timestamp);
            this.userName = userName;
        }

        String userName() {
            return userName;
        }

        @Override
        protected String describe() {
            return "userName=" + userName;
        }
    }

    /** A domain event that adds nothing to toString. */
    static final class ThemeChangedEvent extends BaseEvent {
        ThemeChangedEvent(String correlationId) {
            super(correlationId);
        }
    }

    @Test
    void domainEventCarriesCorrelationIdTimestampAndItsOwnFields() {
        Instant before = Instant.now();
        UserLoggedInEvent event = new UserLoggedInEvent("session-1", "ada");
        Instant after = Instant.now();

        assertThat(event.correlationId()).isEqualTo("session-1");
        assertThat(event.timestamp()).isBetween(before, after);
        assertThat(event.userName()).isEqualTo("ada");
    }

    @Test
    void explicitTimestampIsKept() {
        Instant when = Instant.parse("2020-02-02T10:00:00Z");

        UserLoggedInEvent event = new UserLoggedInEvent("session-2", when, "bob");

        assertThat(event.timestamp()).isEqualTo(when);
    }

    @Test
    void toStringNamesTheClassTheCorrelationIdAndTheDescribedFields() {
        assertThat(new UserLoggedInEvent("session-3", "eve"))
                .hasToString("UserLoggedInEvent[correlationId=session-3, userName=eve]");
        assertThat(new ThemeChangedEvent("theme")).hasToString("ThemeChangedEvent[correlationId=theme]");
    }

    @Test
    void nullCorrelationIdIsRejectedNamingIt() {
        assertThatThrownBy(() -> new UserLoggedInEvent(null, "x"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("correlationId");
        assertThatThrownBy(() -> new UserLoggedInEvent(null, Instant.now(), "x"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("correlationId");
    }

    @Test
    void nullTimestampIsRejectedNamingIt() {
        assertThatThrownBy(() -> new UserLoggedInEvent("id", null, "x"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timestamp");
    }
}
