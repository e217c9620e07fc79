package dev.orchestrator.dashboard.app;

import dev.orchestrator.job.BaseJob;

/** A job that always fails: {@link DeclinedExecutor} throws "card declined for order 42". */
public final class DeclinedJob extends BaseJob {

    /** A job with a generated id. */
    public DeclinedJob() {}
}
