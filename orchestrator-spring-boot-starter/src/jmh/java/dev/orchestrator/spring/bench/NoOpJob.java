package dev.orchestrator.spring.bench;

import dev.orchestrator.job.BaseJob;

/** A job that does nothing; read back from JSON through its public constructor. */
public final class NoOpJob extends BaseJob {

    /** A job with a new id. */
    public NoOpJob() {}
}
