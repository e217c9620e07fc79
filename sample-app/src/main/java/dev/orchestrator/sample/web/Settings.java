package dev.orchestrator.sample.web;

import org.jspecify.annotations.Nullable;

/**
 * The settings the page shows next to its buttons, read from {@code sample.*} and the
 * orchestrator's configuration.
 *
 * @param upload the upload's parts and duration
 * @param flaky the flaky call's failure rate, duration and retry policy
 * @param export the export's duration and timeout
 * @param maxEventsPerSecond the circuit breaker's limit
 */
public record Settings(Upload upload, Flaky flaky, Export export, int maxEventsPerSecond) {

    /**
     * @param parts parts per upload
     * @param durationMs time a whole upload takes
     */
    public record Upload(int parts, long durationMs) {}

    /**
     * @param failureRate probability that a call in random mode fails
     * @param durationMs time one call takes
     * @param maxRetries retries after the first attempt
     * @param baseDelayMs wait before the first retry
     * @param maxDelayMs longest wait
     * @param exponentialBackoff whether the wait doubles
     */
    public record Flaky(
            double failureRate,
            long durationMs,
            int maxRetries,
            long baseDelayMs,
            long maxDelayMs,
            boolean exponentialBackoff) {}

    /**
     * @param durationMs time an export needs
     * @param timeoutMs its timeout, or {@code null} for none
     */
    public record Export(long durationMs, @Nullable Long timeoutMs) {}
}
