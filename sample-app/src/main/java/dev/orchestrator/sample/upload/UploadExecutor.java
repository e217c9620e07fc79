package dev.orchestrator.sample.upload;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;
import java.time.Duration;

/**
 * Sends an upload part by part and reports a progress step after each part. The "sending" is a
 * pause; a cancelled upload is interrupted in the middle of it.
 */
@Executor
class UploadExecutor extends BaseExecutor<UploadJob> {

    @Override
    protected Object process(UploadJob job) throws InterruptedException {
        Duration perPart = job.duration().dividedBy(job.parts());
        for (int part = 1; part <= job.parts(); part++) {
            Thread.sleep(perPart.toMillis()); // sending one part
            emitStep(job, part, job.parts(), "Uploaded part " + part + " of " + job.parts());
        }
        return job.fileName() + " uploaded in " + job.parts() + " parts";
    }
}
