package dev.orchestrator.sample.modules.cart;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;
import java.util.List;

/** Reads a saved cart (a pause here). */
@Executor
class RestoreCartExecutor extends BaseExecutor<RestoreCartJob> {

    private static final List<String> SHELF = List.of("coffee beans", "mug", "grinder", "filter papers");

    @Override
    protected Object process(RestoreCartJob job) throws InterruptedException {
        Thread.sleep(job.duration().toMillis());
        int items = 1 + Math.floorMod(job.user().hashCode(), SHELF.size()); // the same user always has the same cart
        return List.copyOf(SHELF.subList(0, items));
    }
}
