package dev.orchestrator.spring.autoconfigure;

import java.time.Duration;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The engine's thread pools, built with Spring Boot's builders so that Boot's
 * {@code TaskExecutorMetricsAutoConfiguration} publishes their {@code executor.*} metrics (tag
 * {@code name} = the bean's name) like those of any Boot pool.
 *
 * <p>Two settings differ from a Boot pool's, both because the engine's graceful shutdown ({@link
 * OrchestratorLifecycle}) needs these threads until it is over, and a pool's own Spring lifecycle
 * would take them away sooner:
 *
 * <ul>
 *   <li>They accept tasks after the context began to close. By default a Spring pool shuts down on
 *       the {@code ContextClosedEvent}, before any lifecycle stops: the grace period's follow-up
 *       jobs, retries, timeouts and the deliveries of the last endings would be refused.
 *   <li>Their Spring lifecycle does nothing: not pauseable, and a stop neither pauses them nor
 *       waits for their tasks. A Spring pool pauses when the context pauses (Spring's test framework
 *       pauses cached contexts): every new job, retry, timeout and delivery would wait for the
 *       context to restart. On an explicit stop of the context it would pause too, and wait for the
 *       threads of jobs that ignore their cancellation.
 * </ul>
 *
 * <p>They are shut down when the context destroys them, after the dispatcher and the buses that use
 * them (the engine's lifecycle has shut the dispatcher down by then). Their threads are daemon
 * threads, so that a job that ignores interruption cannot keep the JVM alive.
 */
final class EnginePools {

    private EnginePools() {}

    /**
     * Workers that run jobs: a fixed number of threads (idle ones end after a minute) and a bounded
     * queue. Shut down at once when destroyed (jobs still queued then were cancelled by the engine).
     */
    static ThreadPoolTaskExecutor jobs(int threads, int queueCapacity) {
        return new ThreadPoolTaskExecutorBuilder()
                .corePoolSize(threads)
                .maxPoolSize(threads)
                .queueCapacity(queueCapacity)
                .allowCoreThreadTimeOut(true)
                .keepAlive(Duration.ofSeconds(60))
                .threadNamePrefix("orchestrator-")
                .configure(new EnginePool());
    }

    /**
     * Threads that deliver bus events: a fixed number (idle ones end after 30 s), an unbounded queue.
     * When destroyed, deliveries already queued still run.
     */
    static ThreadPoolTaskExecutor deliveries() {
        int threads = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
        return new ThreadPoolTaskExecutorBuilder()
                .corePoolSize(threads)
                .maxPoolSize(threads)
                .allowCoreThreadTimeOut(true)
                .keepAlive(Duration.ofSeconds(30))
                .threadNamePrefix("orchestrator-bus-")
                .awaitTermination(true) // shutdown(), not shutdownNow(); without waiting for the queue
                .configure(new EnginePool());
    }

    /**
     * Threads that complete job handles' futures: created on demand, none kept idle for more than a
     * minute. When destroyed, completions already handed over still run.
     */
    static ThreadPoolTaskExecutor handles() {
        return new ThreadPoolTaskExecutorBuilder()
                .corePoolSize(0)
                .maxPoolSize(Integer.MAX_VALUE)
                .queueCapacity(0)
                .keepAlive(Duration.ofSeconds(60))
                .threadNamePrefix("orchestrator-handle-")
                .awaitTermination(true)
                .configure(new EnginePool());
    }

    /** The one timer thread that fires timeouts and ends backoff waits; cancelled tasks leave its queue. */
    static ThreadPoolTaskScheduler timer() {
        return new ThreadPoolTaskSchedulerBuilder()
                .poolSize(1)
                .threadNamePrefix("orchestrator-timer-")
                .configure(new EngineTimer());
    }

    /** A pool that the engine's shutdown decides about (see the class comment). */
    @SuppressWarnings("serial") // as its superclass: never serialized
    static final class EnginePool extends ThreadPoolTaskExecutor {
        EnginePool() {
            setDaemon(true);
            setAcceptTasksAfterContextClose(true);
        }

        @Override
        public boolean isPauseable() {
            return false;
        }

        @Override
        public void stop() {
            // the engine's shutdown and the context's destroy decide
        }

        @Override
        public void stop(Runnable callback) {
            callback.run();
        }
    }

    /** The timer that the engine's shutdown decides about (see the class comment). */
    @SuppressWarnings("serial") // as its superclass: never serialized
    static final class EngineTimer extends ThreadPoolTaskScheduler {
        EngineTimer() {
            setDaemon(true);
            setAcceptTasksAfterContextClose(true);
            setRemoveOnCancelPolicy(true);
        }

        @Override
        public boolean isPauseable() {
            return false;
        }

        @Override
        public void stop() {
            // the engine's shutdown and the context's destroy decide
        }

        @Override
        public void stop(Runnable callback) {
            callback.run();
        }
    }
}
