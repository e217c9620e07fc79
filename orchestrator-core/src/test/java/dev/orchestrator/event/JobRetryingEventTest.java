package dev.orchestrator.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.job.BaseJob;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pins JobRetryingEvent(attempt, maxRetries, lastError, delayBeforeRetry) and its validation. */
class JobRetryingEventTest {

    static final class FlakyJob extends BaseJob {}

    private final RuntimeException error = new RuntimeException("connection reset");

    @Test
    void carriesTheFailedAttemptTheNextOneMaxAttemptsLastErrorAndDelay() {
        JobRetryingEvent event = new JobRetryingEvent("job", FlakyJob.class, 2, 4, error, Duration.ofMillis(40));

        assertThat(event.attempt()).isEqualTo(2);
        assertThat(event.nextAttempt()).isEqualTo(3);
        assertThat(event.maxAttempts()).isEqualTo(4);
        assertThat(event.maxRetries()).isEqualTo(3);
        assertThat(event.lastError()).isSameAs(error);
        assertThat(event.delayBeforeRetry()).isEqualTo(Duration.ofMillis(40));
        assertThat(event.toString())
                .startsWith("JobRetryingEvent[correlationId=job, jobType=FlakyJob, ")
                .contains(
                        "attempt=2",
                        "maxAttempts=4",
                        "delayBeforeRetry=PT0.04S",
                        "lastError=java.lang.RuntimeException: connection reset");
    }

    @Test
    void lastRetryAndZeroDelayAreAllowed() {
        JobRetryingEvent event = new JobRetryingEvent("job", FlakyJob.class, 3, 4, error, Duration.ZERO);

        assertThat(event.nextAttempt()).isEqualTo(event.maxAttempts());
        assertThat(event.delayBeforeRetry()).isZero();
    }

    @Test
    void attemptBelowOneIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> new JobRetryingEvent("job", FlakyJob.class, 0, 3, error, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempt")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> new JobRetryingEvent("job", FlakyJob.class, -4, 3, error, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempt")
                .hasMessageContaining("-4");
    }

    @Test
    void maxAttemptsNotAboveTheFailedAttemptIsRejectedNamingBoth() {
        assertThatThrownBy(() -> new JobRetryingEvent("job", FlakyJob.class, 2, 2, error, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts")
                .hasMessageContaining("attempt (2)")
                .hasMessageContaining("was 2");
    }

    @Test
    void negativeOrNullDelayIsRejectedNamingIt() {
        assertThatThrownBy(() -> new JobRetryingEvent("job", FlakyJob.class, 1, 3, error, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delayBeforeRetry")
                .hasMessageContaining("PT-0.001S");
        assertThatThrownBy(() -> new JobRetryingEvent("job", FlakyJob.class, 1, 3, error, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("delayBeforeRetry");
    }

    @Test
    void nullLastErrorIsRejectedNamingIt() {
        assertThatThrownBy(() -> new JobRetryingEvent("job", FlakyJob.class, 1, 3, null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("lastError");
    }
}
