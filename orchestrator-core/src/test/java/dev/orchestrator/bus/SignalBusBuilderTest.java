package dev.orchestrator.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.test.EventRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pins contract 11 for SignalBus: bad builder and method arguments fail at once, naming the value. */
class SignalBusBuilderTest {

    @Test
    void aNullNameIsRejectedNamingTheParameter() {
        assertThatNullPointerException()
                .isThrownBy(() -> SignalBus.builder(null))
                .withMessageContaining("name");
        assertThatNullPointerException()
                .isThrownBy(() -> SignalBus.scoped(null))
                .withMessageContaining("name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void aBlankNameIsRejectedNamingTheParameterAndValue(String blank) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SignalBus.builder(blank))
                .withMessageContaining("name")
                .withMessageContaining("'" + blank + "'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SignalBus.scoped(blank))
                .withMessageContaining("name");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void aCapacityBelowOneIsRejectedNamingTheParameterAndValue(int capacity) {
        SignalBus.Builder builder = SignalBus.builder("test-builder");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.subscriberCapacity(capacity))
                .withMessageContaining("subscriberCapacity")
                .withMessageContaining(String.valueOf(capacity));
    }

    @Test
    void aNullExecutorOrLoggerIsRejectedNamingTheParameter() {
        SignalBus.Builder builder = SignalBus.builder("test-builder");
        assertThatNullPointerException()
                .isThrownBy(() -> builder.deliveryExecutor(null))
                .withMessageContaining("deliveryExecutor");
        assertThatNullPointerException().isThrownBy(() -> builder.logger(null)).withMessageContaining("logger");
    }

    @Test
    void nullArgumentsToTheBusAreRejectedNamingTheParameter() {
        try (SignalBus bus =
                SignalBus.builder("test-builder").logger(NoOpLogger.INSTANCE).build()) {
            assertThatNullPointerException().isThrownBy(() -> bus.emit(null)).withMessageContaining("event");
            assertThatNullPointerException()
                    .isThrownBy(() -> bus.subscribe(null))
                    .withMessageContaining("handler");
            assertThatNullPointerException()
                    .isThrownBy(() -> bus.subscribe(null, EventRecorder.create()))
                    .withMessageContaining("type");
            assertThatNullPointerException().isThrownBy(() -> bus.monitor(null)).withMessageContaining("monitor");
            assertThat(bus.subscriberCount())
                    .as("no half-registered subscriber")
                    .isZero();
        }
    }

    @Test
    void theBuilderKeepsWhatItWasGivenAndDefaultsTheRest() {
        try (SignalBus defaults = SignalBus.scoped("test-defaults");
                SignalBus custom = SignalBus.builder("test-custom")
                        .subscriberCapacity(1)
                        .deliveryExecutor(Runnable::run)
                        .logger(NoOpLogger.INSTANCE)
                        .build()) {
            assertThat(defaults.name()).isEqualTo("test-defaults");
            assertThat(defaults.subscriberCapacity()).isEqualTo(SignalBus.DEFAULT_SUBSCRIBER_CAPACITY);
            assertThat(defaults.isClosed()).isFalse();
            assertThat(custom.name()).isEqualTo("test-custom");
            assertThat(custom.subscriberCapacity()).isEqualTo(1);
            assertThat(custom.toString()).contains("test-custom").doesNotContain("closed");
        }
    }
}
