package dev.orchestrator.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the demo's simulated work takes and how often the flaky service fails, under
 * {@code sample.*}. The defaults give a person time to watch; the tests shorten them. Timeouts and
 * retry policies are not here: they are the framework's own {@code orchestrator.jobs.*} properties.
 *
 * @param upload the long upload job
 * @param flaky the call to a flaky service
 * @param export the export that runs into its timeout
 * @param modules the jobs of the auth, chat and cart modules
 */
@ConfigurationProperties("sample")
public record SampleProperties(
        @DefaultValue Upload upload,
        @DefaultValue Flaky flaky,
        @DefaultValue Export export,
        @DefaultValue Modules modules) {

    /**
     * @param parts number of parts an upload is sent in, one progress step each
     * @param duration time a whole upload takes
     */
    public record Upload(
            @DefaultValue("10") int parts,
            @DefaultValue("5s") Duration duration) {

        /** Checks the values at startup. */
        public Upload {
            if (parts < 1 || parts > 100) {
                throw new IllegalArgumentException("sample.upload.parts must be between 1 and 100, was " + parts);
            }
            requireNotNegative("sample.upload.duration", duration);
        }
    }

    /**
     * @param failureRate probability, 0 to 1, that one call in "random" mode fails with a transient error
     * @param duration time one call takes
     */
    public record Flaky(
            @DefaultValue("0.3") double failureRate,
            @DefaultValue("300ms") Duration duration) {

        /** Checks the values at startup. */
        public Flaky {
            if (!(failureRate >= 0 && failureRate <= 1)) {
                throw new IllegalArgumentException(
                        "sample.flaky.failure-rate must be between 0 and 1, was " + failureRate);
            }
            requireNotNegative("sample.flaky.duration", duration);
        }
    }

    /**
     * @param duration time an export needs; longer than its timeout in the demo
     */
    public record Export(@DefaultValue("5s") Duration duration) {

        /** Checks the value at startup. */
        public Export {
            requireNotNegative("sample.export.duration", duration);
        }
    }

    /**
     * @param duration time each job of the auth, chat and cart modules takes
     */
    public record Modules(@DefaultValue("300ms") Duration duration) {

        /** Checks the value at startup. */
        public Modules {
            requireNotNegative("sample.modules.duration", duration);
        }
    }

    private static void requireNotNegative(String property, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be a duration of zero or more, was " + value);
        }
    }
}
