package dev.orchestrator.sample;

import dev.orchestrator.job.BaseExecutor;
import dev.orchestrator.spring.Executor;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;

/** Simulates slow work: one pause per chunk, reporting progress after each. */
@Executor
class ReportExecutor extends BaseExecutor<ReportJob> {

    private final Duration stepDelay;

    ReportExecutor(@Value("${sample.report.step-delay:500ms}") Duration stepDelay) {
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
