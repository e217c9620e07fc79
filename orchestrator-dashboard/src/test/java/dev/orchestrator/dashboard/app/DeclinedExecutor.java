package dev.orchestrator.dashboard.app;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;

/** Fails every {@link DeclinedJob} with an error whose text the dashboard shows only with details. */
@Executor
public class DeclinedExecutor extends BaseExecutor<DeclinedJob> {

    /** The text of the error every job fails with. */
    public static final String ERROR = "card declined for order 42";

    @Override
    protected Object process(DeclinedJob job) {
        throw new IllegalStateException(ERROR);
    }
}
