package dev.orchestrator.spring.slice;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.JobInterceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** An application's job interceptor: the slice keeps it, so jobs run as in production. */
@Component
class AuditInterceptor implements JobInterceptor {
    final List<String> dispatched = new CopyOnWriteArrayList<>();

    @Override
    public Interception onDispatch(BaseJob job) {
        dispatched.add(job.getClass().getSimpleName());
        return Interception.NONE;
    }
}
