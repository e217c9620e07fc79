package dev.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pins JobDefaults (per-job-type timeout and retry defaults of OrchestratorConfig): optional values, validation, value equality. */
class JobDefaultsTest {

    @Test
    void noneSetsNothing() {
        assertThat(JobDefaults.none().timeout()).isEmpty();
        assertThat(JobDefaults.none().retryPolicy()).isEmpty();
    }

    @Test
    void ofKeepsTheGivenValuesAndAllowsNulls() {
        RetryPolicy policy = RetryPolicy.custom().maxRetries(1).build();

        JobDefaults both = JobDefaults.of(Duration.ofMillis(200), policy);
        JobDefaults timeoutOnly = JobDefaults.of(Duration.ofMillis(200), null);
        JobDefaults retryOnly = JobDefaults.of(null, policy);

        assertThat(both.timeout()).contains(Duration.ofMillis(200));
        assertThat(both.retryPolicy()).containsSame(policy);
        assertThat(timeoutOnly.retryPolicy()).isEmpty();
        assertThat(retryOnly.timeout()).isEmpty();
        assertThat(JobDefaults.of(null, null)).isEqualTo(JobDefaults.none());
    }

    @Test
    void zeroOrNegativeTimeoutIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> JobDefaults.of(Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> JobDefaults.of(Duration.ofMillis(-1), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout")
                .hasMessageContaining("PT-0.001S");
    }

    @Test
    void equalValuesAreEqual() {
        RetryPolicy policy = RetryPolicy.none();

        assertThat(JobDefaults.of(Duration.ofSeconds(1), policy))
                .isEqualTo(JobDefaults.of(Duration.ofSeconds(1), policy))
                .hasSameHashCodeAs(JobDefaults.of(Duration.ofSeconds(1), policy))
                .isNotEqualTo(JobDefaults.of(Duration.ofSeconds(2), policy))
                .isNotEqualTo(JobDefaults.of(Duration.ofSeconds(1), null));
        assertThat(JobDefaults.of(Duration.ofSeconds(1), policy).toString()).contains("timeout=PT1S");
    }
}
