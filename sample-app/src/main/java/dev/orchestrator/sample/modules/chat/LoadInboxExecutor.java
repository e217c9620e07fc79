package dev.orchestrator.sample.modules.chat;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;

/** Loads an inbox (a pause here) and counts the unread messages. */
@Executor
class LoadInboxExecutor extends BaseExecutor<LoadInboxJob> {

    @Override
    protected Object process(LoadInboxJob job) throws InterruptedException {
        Thread.sleep(job.duration().toMillis());
        return 1 + Math.floorMod(job.user().hashCode(), 5); // the same user always has the same inbox
    }
}
