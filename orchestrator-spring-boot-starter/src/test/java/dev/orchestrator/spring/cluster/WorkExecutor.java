package dev.orchestrator.spring.cluster;

import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.JobContext;
import dev.orchestrator.spring.Executor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link WorkJob}s on one test node and says which node ran them: "echo" returns the node's
 * name, "fail-twice" fails its first two attempts, "fail" always fails, "sleep" sleeps (cancellable),
 * "progress" reports three steps.
 */
@Executor
final class WorkExecutor extends BaseExecutor<WorkJob> {

    final String node;
    final List<String> started = new CopyOnWriteArrayList<>();
    final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    final AtomicInteger attempts = new AtomicInteger();

    WorkExecutor(String node) {
        this.node = node;
    }

    @Override
    public Class<?> resultType() {
        return String.class;
    }

    @Override
    protected Object process(WorkJob job) throws Exception {
        JobContext context = context(job);
        started.add(job.id());
        deliveries.put(job.id(), context.deliveryCount());
        attempts.incrementAndGet();
        switch (job.action()) {
            case "fail-twice" -> {
                if (context.attempt() < 3) {
                    throw new IllegalStateException("attempt " + context.attempt() + " fails");
                }
            }
            case "fail" -> throw new IllegalArgumentException("no good: " + job.id());
            case "sleep" -> Thread.sleep(job.millis());
            case "progress" -> {
                for (int step = 1; step <= 3; step++) {
                    emitStep(job, step, 3, "step " + step);
                }
            }
            default -> {}
        }
        return node + ":" + context.deliveryCount();
    }
}
