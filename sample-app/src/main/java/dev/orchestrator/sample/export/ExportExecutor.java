package dev.orchestrator.sample.export;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;
import java.time.Duration;

/** Writes an export section by section; when the timeout strikes, the worker is interrupted. */
@Executor
class ExportExecutor extends BaseExecutor<ExportJob> {

    @Override
    protected Object process(ExportJob job) throws InterruptedException {
        Duration perSection = job.duration().dividedBy(ExportJob.SECTIONS);
        for (int section = 1; section <= ExportJob.SECTIONS; section++) {
            Thread.sleep(perSection.toMillis()); // writing one section
            emitStep(job, section, ExportJob.SECTIONS, "Wrote section " + section + " of " + ExportJob.SECTIONS);
        }
        return "Export written (" + ExportJob.SECTIONS + " sections)";
    }
}
