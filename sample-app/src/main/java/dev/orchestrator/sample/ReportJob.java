package dev.orchestrator.sample;

import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import java.time.Duration;

/** Builds a report in {@code steps} chunks. */
final class ReportJob extends BaseJob {

    final int steps;

    ReportJob(int steps, CancellationToken token) {
        super(JobOptions.builder().timeout(Duration.ofMinutes(2)).cancellationToken(token).build());
        if (steps < 1 || steps > 100) {
            throw new IllegalArgumentException("steps must be between 1 and 100, was " + steps);
        }
        this.steps = steps;
    }
}
