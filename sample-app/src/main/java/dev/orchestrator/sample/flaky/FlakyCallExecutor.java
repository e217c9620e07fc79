package dev.orchestrator.sample.flaky;

import dev.orchestrator.job.BaseExecutor;
import dev.orchestrator.job.JobRegistry;
import dev.orchestrator.job.JobSnapshot;
import dev.orchestrator.spring.Executor;

/**
 * Calls the flaky service once per attempt; the framework retries what the job's policy allows.
 * The attempt number comes from the job registry ({@code process} is not told which attempt it
 * runs).
 */
@Executor
class FlakyCallExecutor extends BaseExecutor<FlakyCallJob> {

    private final FlakyService service;
    private final JobRegistry registry;

    FlakyCallExecutor(FlakyService service, JobRegistry registry) {
        this.service = service;
        this.registry = registry;
    }

    @Override
    protected Object process(FlakyCallJob job) throws Exception {
        int attempt = registry.running(job.id()).map(JobSnapshot::attempt).orElse(0);
        emitProgress(job, 0, "Calling the service (try " + (attempt + 1) + ")");
        return "Quote received: " + service.quote(job.mode(), attempt, job.failFirst(), job.latency());
    }
}
