package dev.orchestrator.sample.modules.auth;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;
import java.util.UUID;

/** Checks the user's credentials (a pause here) and opens a session. */
@Executor
class LoginExecutor extends BaseExecutor<LoginJob> {

    @Override
    protected Object process(LoginJob job) throws InterruptedException {
        Thread.sleep(job.duration().toMillis());
        return new Session(job.user(), UUID.randomUUID().toString().substring(0, 8));
    }
}
