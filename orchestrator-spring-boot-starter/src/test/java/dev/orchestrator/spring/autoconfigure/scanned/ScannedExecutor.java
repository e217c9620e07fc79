package dev.orchestrator.spring.autoconfigure.scanned;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;

/** Test fixture: the only class of this package, found by component scanning as an {@code @Executor}. */
@Executor
public class ScannedExecutor extends BaseExecutor<ScannedJob> {

    @Override
    protected Object process(ScannedJob job) {
        return "scanned";
    }
}
