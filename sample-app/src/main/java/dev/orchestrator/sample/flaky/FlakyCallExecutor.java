package dev.orchestrator.sample.flaky;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;

/**
 * Calls the flaky service once per attempt; the framework retries what the job's policy allows.
 * The attempt number (from 1) comes from the job's {@link dev.orchestrator.orchestration.JobContext}.
 */
@Executor
class FlakyCallExecutor extends BaseExecutor<FlakyCallJob> {

    private final FlakyService service;

    FlakyCallExecutor(FlakyService service) {
        this.service = service;
    }

    @Override
    protected Object process(FlakyCallJob job) throws Exception {
        int attempt = context(job).attempt();
        emitProgress(job, 0, "Calling the service (attempt " + attempt + ")");
        return "Quote received: " + service.quote(job.mode(), attempt, job.failFirst(), job.latency());
    }
}
