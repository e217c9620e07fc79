package dev.orchestrator.dashboard.app;

import dev.orchestrator.job.BaseJob;

/** A job of a number of steps; {@link StepExecutor} runs a step each time the test releases one. */
public final class StepJob extends BaseJob {

    private final int steps;

    /** @param steps how many steps the job takes */
    public StepJob(int steps) {
        this.steps = steps;
    }

    /** @return how many steps the job takes */
    public int steps() {
        return steps;
    }
}
