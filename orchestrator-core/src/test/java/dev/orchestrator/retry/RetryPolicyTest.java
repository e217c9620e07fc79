package dev.orchestrator.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pins RetryPolicy and contract point 6: defaults, capped exponential delay without overflow, validation. */
class RetryPolicyTest {

    @Test
    void defaultsAreTheSeeds() {
        RetryPolicy policy = RetryPolicy.ofDefaults();

        assertThat(policy.maxRetries()).isEqualTo(3);
        assertThat(policy.baseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.exponentialBackoff()).isTrue();
        assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.shouldRetry()).isEmpty();
        assertThat(policy.jitter()).isZero();
    }

    @Test
    void customStartsFromTheDefaults() {
        RetryPolicy policy = RetryPolicy.custom().build();

        assertThat(policy.maxRetries()).isEqualTo(3);
        assertThat(policy.baseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.exponentialBackoff()).isTrue();
        assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void defaultDelaysDoubleFromOneSecondAndStopAtThirtySeconds() {
        RetryPolicy policy = RetryPolicy.ofDefaults();

        assertThat(policy.getDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.getDelay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.getDelay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.getDelay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.getDelay(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.getDelay(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.getDelay(7)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void exponentialDelayIsBaseTimesTwoToTheAttemptCapped() {
        RetryPolicy policy = RetryPolicy.custom()
                .baseDelay(Duration.ofMillis(3))
                .maxDelay(Duration.ofMillis(100))
                .build();

        for (int n = 0; n <= 20; n++) {
            long expected = Math.min(3L << n, 100L);
            assertThat(policy.getDelay(n + 1)).as("attempt %d", n).isEqualTo(Duration.ofMillis(expected));
        }
    }

    @Test
    void linearModeReturnsTheBaseDelayForEveryAttempt() {
        RetryPolicy policy = RetryPolicy.custom()
                .exponentialBackoff(false)
                .baseDelay(Duration.ofMillis(250))
                .maxDelay(Duration.ofSeconds(1))
                .build();

        for (int n = 0; n <= 100; n++) {
            assertThat(policy.getDelay(n + 1)).as("attempt %d", n).isEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void zeroBaseDelayGivesZeroForEveryAttempt() {
        RetryPolicy policy = RetryPolicy.custom().baseDelay(Duration.ZERO).build();

        for (int n = 0; n <= 100; n++) {
            assertThat(policy.getDelay(n + 1)).as("attempt %d", n).isZero();
        }
    }

    @Test
    void zeroBaseAndMaxDelayIsAllowed() {
        RetryPolicy policy = RetryPolicy.custom()
                .baseDelay(Duration.ZERO)
                .maxDelay(Duration.ZERO)
                .jitter(0.5)
                .build();

        assertThat(policy.getDelay(1)).isZero();
        assertThat(policy.getDelay(101)).isZero();
    }

    static Stream<Arguments> policies() {
        return Stream.of(
                Arguments.of("defaults", RetryPolicy.ofDefaults()),
                Arguments.of(
                        "1ns base, huge max",
                        RetryPolicy.custom()
                                .baseDelay(Duration.ofNanos(1))
                                .maxDelay(Duration.ofDays(365 * 200))
                                .build()),
                Arguments.of(
                        "1 year base",
                        RetryPolicy.custom()
                                .baseDelay(Duration.ofDays(365))
                                .maxDelay(Duration.ofDays(365 * 100))
                                .build()),
                Arguments.of(
                        "1 year base = max",
                        RetryPolicy.custom()
                                .baseDelay(Duration.ofDays(365))
                                .maxDelay(Duration.ofDays(365))
                                .build()),
                Arguments.of(
                        "1 year base, jitter",
                        RetryPolicy.custom()
                                .baseDelay(Duration.ofDays(365))
                                .maxDelay(Duration.ofDays(365 * 100))
                                .jitter(1.0)
                                .build()),
                Arguments.of(
                        "ms base, jitter",
                        RetryPolicy.custom()
                                .baseDelay(Duration.ofMillis(7))
                                .maxDelay(Duration.ofSeconds(3))
                                .jitter(0.3)
                                .build()),
                Arguments.of(
                        "linear",
                        RetryPolicy.custom()
                                .exponentialBackoff(false)
                                .baseDelay(Duration.ofMillis(5))
                                .build()),
                Arguments.of(
                        "zero base",
                        RetryPolicy.custom().baseDelay(Duration.ZERO).build()),
                Arguments.of(
                        "max representable",
                        RetryPolicy.custom()
                                .baseDelay(Duration.ofSeconds(1))
                                .maxDelay(Duration.ofSeconds(Long.MAX_VALUE))
                                .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void delayForAttemptsZeroToOneHundredNeverThrowsIsNeverNegativeAndNeverExceedsMaxDelay(
            String name, RetryPolicy policy) {
        for (int n = 0; n <= 100; n++) {
            int attempt = n;
            assertThatCode(() -> policy.getDelay(attempt + 1))
                    .as("attempt %d", n)
                    .doesNotThrowAnyException();
            Duration delay = policy.getDelay(n + 1);
            assertThat(delay.isNegative())
                    .as("attempt %d: %s negative", n, delay)
                    .isFalse();
            assertThat(delay).as("attempt %d", n).isLessThanOrEqualTo(policy.maxDelay());
        }
        assertThat(policy.getDelay(Integer.MAX_VALUE)).isLessThanOrEqualTo(policy.maxDelay());
        assertThat(policy.getDelay(Integer.MAX_VALUE).isNegative()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void exponentialDelayIsMonotonicNonDecreasingWithoutJitter(String name, RetryPolicy policy) {
        RetryPolicy noJitter = RetryPolicy.from(policy).jitter(0).build();
        Duration previous = Duration.ZERO;
        for (int n = 0; n <= 100; n++) {
            Duration delay = noJitter.getDelay(n + 1);
            assertThat(delay).as("attempt %d", n).isGreaterThanOrEqualTo(previous);
            previous = delay;
        }
    }

    @Test
    void exponentialDelayReachesMaxDelayForLargeAttempts() {
        RetryPolicy tiny = RetryPolicy.custom()
                .baseDelay(Duration.ofNanos(1))
                .maxDelay(Duration.ofDays(365 * 200))
                .build();
        RetryPolicy big = RetryPolicy.custom()
                .baseDelay(Duration.ofDays(365))
                .maxDelay(Duration.ofDays(365 * 100))
                .build();

        assertThat(tiny.getDelay(1)).isEqualTo(Duration.ofNanos(1));
        assertThat(tiny.getDelay(11)).isEqualTo(Duration.ofNanos(1024));
        assertThat(tiny.getDelay(101)).isEqualTo(Duration.ofDays(365 * 200));
        assertThat(big.getDelay(7)).isEqualTo(Duration.ofDays(365 * 64));
        assertThat(big.getDelay(8)).isEqualTo(Duration.ofDays(365 * 100));
        assertThat(big.getDelay(63)).isEqualTo(Duration.ofDays(365 * 100));
        assertThat(big.getDelay(101)).isEqualTo(Duration.ofDays(365 * 100));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void attemptBelowOneIsRejectedNamingIt(int attempt) {
        assertThatThrownBy(() -> RetryPolicy.ofDefaults().getDelay(attempt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempt")
                .hasMessageContaining(String.valueOf(attempt));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 1.0})
    void jitteredDelayStaysWithinTheSpreadAndTheMaximum(double jitter) {
        RetryPolicy policy = RetryPolicy.custom()
                .baseDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofMillis(1000))
                .jitter(jitter)
                .build();
        for (int attempt = 0; attempt <= 6; attempt++) {
            long nominal = Math.min(100L << attempt, 1000L) * 1_000_000L;
            long lower = (long) Math.floor(nominal * (1 - jitter)) - 1; // one nanosecond of rounding
            long upper = Math.min((long) Math.ceil(nominal * (1 + jitter)), 1_000_000_000L);
            Set<Long> seen = new HashSet<>();
            for (int draw = 0; draw < 500; draw++) {
                long nanos = policy.getDelay(attempt + 1).toNanos();
                assertThat(nanos).as("attempt %d draw %d", attempt, draw).isBetween(lower, upper);
                seen.add(nanos);
            }
            assertThat(seen)
                    .as("attempt %d: jitter must actually spread the delays", attempt)
                    .hasSizeGreaterThan(1);
        }
    }

    @Test
    void jitterOnADelayOfOneYearStaysWithinTheSpread() {
        Duration year = Duration.ofDays(365);
        RetryPolicy policy = RetryPolicy.custom()
                .baseDelay(year)
                .maxDelay(year.multipliedBy(2))
                .jitter(0.5)
                .build();

        for (int draw = 0; draw < 500; draw++) {
            assertThat(policy.getDelay(1))
                    .isBetween(
                            year.dividedBy(2).minusMillis(1),
                            year.multipliedBy(3).dividedBy(2));
        }
    }

    @Test
    void jitterOnADelayBeyondTheNanosecondRangeStaysWithinTheSpread() {
        Duration millennium = Duration.ofDays(365L * 1000); // longer than Long.MAX_VALUE nanoseconds
        RetryPolicy policy = RetryPolicy.custom()
                .baseDelay(millennium)
                .maxDelay(millennium)
                .jitter(0.5)
                .build();

        for (int draw = 0; draw < 500; draw++) {
            assertThat(policy.getDelay(1)).isBetween(millennium.dividedBy(2).minusMillis(1), millennium);
        }
    }

    @Test
    void jitterAppliesToLinearDelaysToo() {
        RetryPolicy policy = RetryPolicy.custom()
                .exponentialBackoff(false)
                .baseDelay(Duration.ofMillis(10))
                .maxDelay(Duration.ofMillis(10))
                .jitter(0.5)
                .build();
        Set<Duration> seen = new HashSet<>();
        for (int draw = 0; draw < 500; draw++) {
            Duration delay = policy.getDelay(4);
            assertThat(delay).isBetween(Duration.ofMillis(5).minusNanos(1), Duration.ofMillis(10));
            seen.add(delay);
        }
        assertThat(seen).hasSizeGreaterThan(1);
    }

    @Test
    void canRetryOnlyWhileTheFailedAttemptIsBelowMaxRetries() {
        RetryPolicy policy = RetryPolicy.custom().maxRetries(2).build();
        RuntimeException error = new RuntimeException("boom");

        assertThat(policy.canRetry(error, 1)).isTrue();
        assertThat(policy.canRetry(error, 2)).isTrue();
        assertThat(policy.canRetry(error, 3)).isFalse();
        assertThat(policy.canRetry(error, 4)).isFalse();
    }

    @Test
    void noneNeverRetries() {
        assertThat(RetryPolicy.none().maxRetries()).isZero();
        assertThat(RetryPolicy.none().canRetry(new RuntimeException(), 1)).isFalse();
    }

    @Test
    void canRetryAsksTheShouldRetryPredicate() {
        Predicate<Throwable> onlyIo = error -> error instanceof UncheckedIOException;
        RetryPolicy policy =
                RetryPolicy.custom().maxRetries(5).shouldRetry(onlyIo).build();

        assertThat(policy.canRetry(new UncheckedIOException(new IOException("flaky")), 1))
                .isTrue();
        assertThat(policy.canRetry(new IllegalArgumentException("invalid input"), 1))
                .isFalse();
        assertThat(policy.canRetry(new UncheckedIOException(new IOException("flaky")), 6))
                .isFalse();
        assertThat(policy.shouldRetry()).containsSame(onlyIo);
    }

    @Test
    void shouldRetryIsNotAskedOnceRetriesAreExhausted() {
        RetryPolicy policy = RetryPolicy.custom()
                .maxRetries(1)
                .shouldRetry(error -> {
                    throw new AssertionError("must not be asked");
                })
                .build();

        assertThat(policy.canRetry(new RuntimeException(), 2)).isFalse();
    }

    @Test
    void nullShouldRetryRetriesEveryError() {
        RetryPolicy policy =
                RetryPolicy.custom().shouldRetry(e -> false).shouldRetry(null).build();

        assertThat(policy.shouldRetry()).isEmpty();
        assertThat(policy.canRetry(new IllegalArgumentException(), 1)).isTrue();
    }

    @Test
    void fromCopiesEverySettingAndLeavesTheBaseUnchanged() {
        Predicate<Throwable> predicate = e -> true;
        RetryPolicy base = RetryPolicy.custom()
                .maxRetries(7)
                .baseDelay(Duration.ofMillis(20))
                .maxDelay(Duration.ofMillis(900))
                .exponentialBackoff(false)
                .jitter(0.25)
                .shouldRetry(predicate)
                .build();

        RetryPolicy copy = RetryPolicy.from(base).build();
        RetryPolicy changed = RetryPolicy.from(base).maxRetries(1).build();

        assertThat(copy.maxRetries()).isEqualTo(7);
        assertThat(copy.baseDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(copy.maxDelay()).isEqualTo(Duration.ofMillis(900));
        assertThat(copy.exponentialBackoff()).isFalse();
        assertThat(copy.jitter()).isEqualTo(0.25);
        assertThat(copy.shouldRetry()).containsSame(predicate);
        assertThat(changed.maxRetries()).isEqualTo(1);
        assertThat(base.maxRetries()).isEqualTo(7);
    }

    @Test
    void builderChangesAfterBuildDoNotAffectTheBuiltPolicy() {
        RetryPolicy.Builder builder = RetryPolicy.custom().maxRetries(2);
        RetryPolicy built = builder.build();

        builder.maxRetries(9).baseDelay(Duration.ofMillis(1));

        assertThat(built.maxRetries()).isEqualTo(2);
        assertThat(built.baseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryPolicy.ofDefaults().maxRetries()).isEqualTo(3);
    }

    @Test
    void maxDelayMayBeSetBeforeBaseDelayBecauseBuildChecksTheirOrder() {
        RetryPolicy policy = RetryPolicy.custom()
                .maxDelay(Duration.ofMillis(50))
                .baseDelay(Duration.ofMillis(10))
                .build();

        assertThat(policy.getDelay(11)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void maxDelayBelowBaseDelayIsRejectedNamingBothValues() {
        RetryPolicy.Builder builder =
                RetryPolicy.custom().baseDelay(Duration.ofSeconds(2)).maxDelay(Duration.ofSeconds(1));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDelay")
                .hasMessageContaining("baseDelay")
                .hasMessageContaining("PT1S")
                .hasMessageContaining("PT2S");
    }

    @Test
    void negativeMaxRetriesIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> RetryPolicy.custom().maxRetries(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetries")
                .hasMessageContaining("-1");
    }

    @Test
    void negativeDelaysAreRejectedNamingParameterAndValue() {
        assertThatThrownBy(() -> RetryPolicy.custom().baseDelay(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseDelay")
                .hasMessageContaining("PT-0.005S");
        assertThatThrownBy(() -> RetryPolicy.custom().maxDelay(Duration.ofSeconds(-3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDelay")
                .hasMessageContaining("PT-3S");
    }

    @Test
    void nullDelaysAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> RetryPolicy.custom().baseDelay(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("baseDelay");
        assertThatThrownBy(() -> RetryPolicy.custom().maxDelay(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> RetryPolicy.from(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("base");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, -0.01, 1.01, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void jitterOutsideZeroToOneIsRejectedNamingTheValue(double jitter) {
        assertThatThrownBy(() -> RetryPolicy.custom().jitter(jitter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter")
                .hasMessageContaining(String.valueOf(jitter));
    }

    @Test
    void rejectedValueLeavesTheBuilderUnchanged() {
        RetryPolicy.Builder builder = RetryPolicy.custom().maxRetries(4);

        assertThatThrownBy(() -> builder.maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);

        assertThat(builder.build().maxRetries()).isEqualTo(4);
    }

    @Test
    void toStringShowsTheSettings() {
        assertThat(RetryPolicy.ofDefaults().toString())
                .contains("maxRetries=3", "baseDelay=PT1S", "exponentialBackoff=true", "maxDelay=PT30S");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void canRetryRejectsAnAttemptBelowOneNamingIt(int attempt) {
        assertThatThrownBy(() -> RetryPolicy.ofDefaults().canRetry(new IllegalStateException(), attempt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("currentAttempt")
                .hasMessageContaining("numbered from 1")
                .hasMessageContaining(String.valueOf(attempt));
    }

    @Test
    void attemptsAreNumberedFromOneAndMaxAttemptsCountsTheFirst() {
        RetryPolicy policy = RetryPolicy.custom().maxRetries(2).build();

        assertThat(policy.maxAttempts()).isEqualTo(3);
        assertThat(policy.canRetry(new IOException("1st"), 1)).isTrue();
        assertThat(policy.canRetry(new IOException("2nd"), 2)).isTrue();
        assertThat(policy.canRetry(new IOException("3rd"), 3))
                .as("the last attempt")
                .isFalse();
        assertThat(policy.getDelay(1)).as("after attempt 1: the base delay").isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.getDelay(2)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryOnNarrowsTheRetriedErrorsToThoseClassesAndTheirSubclasses() {
        RetryPolicy policy = RetryPolicy.custom().retryOn(IOException.class).build();

        assertThat(policy.canRetry(new IOException("io"), 1)).isTrue();
        assertThat(policy.canRetry(new java.net.SocketTimeoutException("subclass"), 1))
                .isTrue();
        assertThat(policy.canRetry(new IllegalStateException("other"), 1)).isFalse();
        assertThat(policy.retryOn()).containsExactly(IOException.class);
    }

    @Test
    void ignoreWinsOverRetryOnAndTheShouldRetryPredicateComesLast() {
        List<Throwable> asked = new ArrayList<>();
        RetryPolicy policy = RetryPolicy.custom()
                .retryOn(IOException.class)
                .ignore(java.nio.file.AccessDeniedException.class)
                .shouldRetry(error -> {
                    asked.add(error);
                    return !error.getMessage().equals("permanent");
                })
                .build();

        assertThat(policy.canRetry(new java.nio.file.AccessDeniedException("401"), 1))
                .isFalse();
        assertThat(policy.canRetry(new IllegalStateException("not io"), 1)).isFalse();
        assertThat(asked)
                .as("the predicate sees only what configuration allows")
                .isEmpty();
        assertThat(policy.canRetry(new IOException("permanent"), 1)).isFalse();
        assertThat(policy.canRetry(new IOException("transient"), 1)).isTrue();
        assertThat(asked).hasSize(2);
        assertThat(policy.toString()).contains("retryOn=[IOException]", "ignore=[AccessDeniedException]");
    }

    @Test
    void anErrorIsNeverRetriedAndCannotBeListedInRetryOn() {
        assertThat(RetryPolicy.ofDefaults().canRetry(new AssertionError("bug"), 1))
                .isFalse();
        assertThatThrownBy(() -> RetryPolicy.custom().retryOn(OutOfMemoryError.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retryOn")
                .hasMessageContaining("java.lang.OutOfMemoryError");
    }

    @Test
    void fromCopiesRetryOnAndIgnore() {
        RetryPolicy base = RetryPolicy.custom()
                .retryOn(IOException.class)
                .ignore(java.nio.file.AccessDeniedException.class)
                .build();

        RetryPolicy copy = RetryPolicy.from(base).maxRetries(7).build();

        assertThat(copy.retryOn()).containsExactly(IOException.class);
        assertThat(copy.ignore()).containsExactly(java.nio.file.AccessDeniedException.class);
    }
}
