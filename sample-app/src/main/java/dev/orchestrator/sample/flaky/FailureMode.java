package dev.orchestrator.sample.flaky;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the {@link FlakyService} behaves for one call. */
public enum FailureMode {
    /** Fails with a transient error at the configured rate ({@code sample.flaky.failure-rate}). */
    RANDOM,
    /** Fails with a transient error on the first {@code failFirst} attempts, then answers. */
    TRANSIENT,
    /** Fails with a permanent error, which is never retried. */
    PERMANENT;

    /** @return the name used in the API */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id a mode as written in a request, may be {@code null}
     * @return the mode, if {@code id} names one
     */
    public static Optional<FailureMode> parse(String id) {
        return Arrays.stream(values()).filter(mode -> mode.id().equals(id)).findFirst();
    }

    /** @return the valid names, for error messages */
    public static String names() {
        return Arrays.stream(values()).map(FailureMode::id).collect(Collectors.joining(", "));
    }
}
