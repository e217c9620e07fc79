package dev.orchestrator.sample;

import dev.orchestrator.job.BaseExecutor;
import java.time.Duration;

/** Simulates slow work: one pause per chunk, reporting progress after each. */
final class ReportExecutor extends BaseExecutor<ReportJob> {

    private final Duration stepDelay;

    ReportExecutor(Duration stepDelay) {
        this.stepDelay = stepDelay;
    }

    @Override
    protected Object process(ReportJob job) throws InterruptedException {
        for (int step = 1; step <= job.steps; step++) {
            Thread.sleep(stepDelay.toMillis()); // the "work" of one chunk; interrupted on cancel or timeout
            emitStep(job, step, job.steps, "Rendering part " + step + "/" + job.steps);
        }
        return "Report with " + job.steps + " parts";
    }
}
