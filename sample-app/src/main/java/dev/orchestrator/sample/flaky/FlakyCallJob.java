package dev.orchestrator.sample.flaky;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/** Asks the {@link FlakyService} for a quote, retried per its policy. */
public final class FlakyCallJob extends BaseJob {

    private final FailureMode mode;
    private final int failFirst;
    private final Duration latency;

    /**
     * @param mode how the service behaves
     * @param failFirst in transient mode, the attempts that fail
     * @param latency time one call takes
     * @param retryPolicy when to retry
     */
    public FlakyCallJob(FailureMode mode, int failFirst, Duration latency, RetryPolicy retryPolicy) {
        super(JobOptions.builder().retryPolicy(retryPolicy).build());
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        this.failFirst = failFirst;
        this.latency = Objects.requireNonNull(latency, "latency must not be null");
    }

    /** @return how the service behaves */
    public FailureMode mode() {
        return mode;
    }

    /** @return in transient mode, the attempts that fail */
    public int failFirst() {
        return failFirst;
    }

    /** @return the time one call takes */
    public Duration latency() {
        return latency;
    }
}
