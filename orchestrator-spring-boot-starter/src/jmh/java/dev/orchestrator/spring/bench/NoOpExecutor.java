package dev.orchestrator.spring.bench;

import dev.orchestrator.orchestration.BaseExecutor;

/** Runs {@link NoOpJob}s: returns a short string at once. */
final class NoOpExecutor extends BaseExecutor<NoOpJob> {

    @Override
    public Class<?> resultType() {
        return String.class;
    }

    @Override
    protected Object process(NoOpJob job) {
        return "ok";
    }
}
