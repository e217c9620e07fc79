package dev.orchestrator.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code sample.*}: defaults for a person watching, and a clear startup error for a bad value. */
class SamplePropertiesTest {

    private static SampleProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("sample", SampleProperties.class);
    }

    @Test
    void theDefaultsGiveAPersonTimeToWatch() {
        SampleProperties properties = bind(Map.of());

        assertThat(properties.upload().parts()).isEqualTo(10);
        assertThat(properties.upload().duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.flaky().failureRate()).isEqualTo(0.3);
        assertThat(properties.export().duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.modules().duration()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aFailureRateOutsideZeroToOneFailsNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("sample.flaky.failure-rate", "1.5")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("sample.flaky.failure-rate must be between 0 and 1, was 1.5");
    }

    @Test
    void aNegativeDurationFailsNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("sample.export.duration", "-1s")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("sample.export.duration must be a duration of zero or more, was PT-1S");
    }

    @Test
    void anUploadNeedsOneToAHundredParts() {
        assertThatThrownBy(() -> bind(Map.of("sample.upload.parts", "0")))
                .rootCause()
                .hasMessage("sample.upload.parts must be between 1 and 100, was 0");
    }
}
