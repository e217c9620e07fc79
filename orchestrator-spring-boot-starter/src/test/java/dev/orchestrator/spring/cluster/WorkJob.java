package dev.orchestrator.spring.cluster;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;

/** A job for the cluster tests: what to do, read back from JSON through its one public constructor. */
public final class WorkJob extends BaseJob {

    private final String action;
    private final long millis;

    public WorkJob(String action, long millis) {
        this.action = action;
        this.millis = millis;
    }

    WorkJob(String action, long millis, JobOptions options) {
        super(options);
        this.action = action;
        this.millis = millis;
    }

    String action() {
        return action;
    }

    long millis() {
        return millis;
    }
}
