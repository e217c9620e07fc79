package dev.orchestrator.spring.cluster;

import dev.orchestrator.job.BaseJob;

/** A job for the cluster tests whose result is a text of {@code size} characters. */
public final class ReportJob extends BaseJob {

    private final int size;

    public ReportJob(int size) {
        this.size = size;
    }

    int size() {
        return size;
    }
}
