package dev.orchestrator.spring.slice;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;

/** Runs report jobs through the client. */
@Executor
class ReportExecutor extends BaseExecutor<ReportJob> {
    private final ReportClient client;

    ReportExecutor(ReportClient client) {
        this.client = client;
    }

    @Override
    protected Object process(ReportJob job) throws Exception {
        return client.fetch(job.quarter());
    }
}
