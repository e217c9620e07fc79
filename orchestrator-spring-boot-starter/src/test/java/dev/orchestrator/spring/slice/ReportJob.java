package dev.orchestrator.spring.slice;

import dev.orchestrator.job.BaseJob;

/** Fetches a report. */
final class ReportJob extends BaseJob {
    private final String quarter;

    ReportJob(String quarter) {
        this.quarter = quarter;
    }

    String quarter() {
        return quarter;
    }
}
