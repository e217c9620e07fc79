package dev.orchestrator.dashboard.app;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link StepJob}s: before each step it waits for {@link #release(int)}, then reports the
 * step as progress with a message ("step 2 of 4").
 */
@Executor
public class StepExecutor extends BaseExecutor<StepJob> {

    private final Semaphore steps = new Semaphore(0);

    /** @param count how many steps may run, over all step jobs */
    public void release(int count) {
        steps.release(count);
    }

    @Override
    protected Object process(StepJob job) throws InterruptedException {
        for (int step = 1; step <= job.steps(); step++) {
            while (!steps.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                throwIfCancelled(job);
            }
            emitStep(job, step, job.steps(), "step " + step + " of " + job.steps());
        }
        return job.steps();
    }
}
