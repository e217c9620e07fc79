package dev.orchestrator.spring.cluster;

import dev.orchestrator.orchestration.BaseExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs {@link ReportJob}s: returns a text of the job's size and counts how many times it ran. */
final class ReportExecutor extends BaseExecutor<ReportJob> {

    final AtomicInteger runs = new AtomicInteger();

    @Override
    public Class<?> resultType() {
        return String.class;
    }

    @Override
    protected Object process(ReportJob job) {
        runs.incrementAndGet();
        return "r".repeat(job.size());
    }
}
