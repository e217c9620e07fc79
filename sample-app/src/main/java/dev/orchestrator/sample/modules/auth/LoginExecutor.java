package dev.orchestrator.sample.modules.auth;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;
import java.util.UUID;

/** Checks the user's credentials (a pause here) and opens a session. */
@Executor
class LoginExecutor extends BaseExecutor<LoginJob> {

    /**
     * Declared, so that the result is a {@link Session} wherever the job ran: in cluster mode it
     * comes back as JSON, read as this type ({@code AuthOrchestrator} reads it with
     * {@code dataAs(Session.class)}).
     */
    @Override
    public Class<?> resultType() {
        return Session.class;
    }

    @Override
    protected Object process(LoginJob job) throws InterruptedException {
        Thread.sleep(job.duration().toMillis());
        return new Session(job.user(), UUID.randomUUID().toString().substring(0, 8));
    }
}
