package dev.orchestrator.bench;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.retry.RetryPolicy;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmarks 1 and 5 of issue 5: the round trip of one no-op job that has a timeout, a retry policy
 * and a cancellation token, from {@code dispatch} until its {@code JobSuccessEvent} reaches the
 * orchestrator's handler; against {@code submit(noop).get()} and Resilience4j Retry + TimeLimiter
 * around the same submit, all three on the same 2-thread pool. Run with {@code -prof gc} for the
 * allocation per round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
// 10 iterations of 0.5 s rather than 5 of 1 s: the same measured time, twice the samples for the
// run script's medians and intervals (issue 11)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class JobRoundTripBenchmark {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final RetryPolicy RETRY =
            RetryPolicy.custom().maxRetries(3).baseDelay(Duration.ofSeconds(1)).build();
    static final Callable<Object> NOOP = () -> Boolean.TRUE;

    ExecutorService pool;
    ExecutorService floorDelivery;
    volatile Object floorDone;
    Dispatcher dispatcher;
    SignalBus bus;
    RoundTripOrchestrator orchestrator;
    Retry retry;
    TimeLimiter timeLimiter;

    @Setup(Level.Trial)
    public void setUp() {
        pool = Pools.fixed("bench-worker-", 2);
        floorDelivery = Pools.fixed("bench-delivery-", 8);
        bus = SignalBus.scoped("round-trip");
        // The circuit breaker (50 events per type and second by default) would drop most of the
        // success events of a benchmark: set high, as for any high-rate orchestrator.
        OrchestratorConfig config = OrchestratorConfig.custom()
                .maxEventsPerSecond(Integer.MAX_VALUE)
                .build();
        dispatcher = Dispatcher.builder()
                .config(config)
                .executor(pool)
                .defaultBus(bus)
                .build();
        dispatcher.register(new NoOpExecutor());
        orchestrator = new RoundTripOrchestrator(dispatcher, bus);

        // The same timeout and retry budget as the job: 30 s, 3 retries (4 attempts) 1 s apart.
        retry = Retry.of(
                "bench",
                RetryConfig.custom()
                        .maxAttempts(4)
                        .waitDuration(Duration.ofSeconds(1))
                        .build());
        timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom()
                .timeoutDuration(TIMEOUT)
                .cancelRunningFuture(true)
                .build());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        orchestrator.close();
        dispatcher.shutdown(Duration.ofSeconds(1));
        bus.close();
        Pools.stop(pool);
        Pools.stop(floorDelivery);
    }

    /** Ours: dispatch through an orchestrator, wait until its {@code onActiveSuccess} ran. */
    @Benchmark
    public Object orchestrator() {
        NoOpJob job = new NoOpJob(JobOptions.builder()
                .timeout(TIMEOUT)
                .retryPolicy(RETRY)
                .cancellationToken(new CancellationToken())
                .build());
        return orchestrator.dispatchAndAwait(job);
    }

    /** Baseline: a plain hand-off to the same pool and back. */
    @Benchmark
    public Object executorSubmitGet() throws Exception {
        return pool.submit(NOOP).get();
    }

    /** Alternative: Resilience4j Retry around TimeLimiter around the same hand-off. */
    @Benchmark
    public Object resilience4jRetryTimeLimiter() throws Exception {
        return retry.executeCallable(() -> timeLimiter.executeFutureSupplier(() -> pool.submit(NOOP)));
    }

    /**
     * Reference, not a target: the least that any round trip costs which, like ours, ends in a
     * handler on a thread of another pool: caller, worker, delivery thread (a pool of 8, as the bus's
     * default), caller. Three hand-offs where {@code submit(noop).get()} has two.
     */
    @Benchmark
    public Object threeHandOffFloor() {
        Object token = new Object();
        Thread caller = Thread.currentThread();
        pool.execute(() -> floorDelivery.execute(() -> {
            floorDone = token;
            LockSupport.unpark(caller);
        }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Completion.TIMEOUT_SECONDS);
        while (floorDone != token) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Lost hand-off");
            }
        }
        return token;
    }

    /** A job that does nothing. */
    static final class NoOpJob extends BaseJob {
        NoOpJob(JobOptions options) {
            super(options);
        }
    }

    /** Runs {@link NoOpJob}s. */
    static final class NoOpExecutor extends BaseExecutor<NoOpJob> {
        @Override
        protected Object process(NoOpJob job) {
            return Boolean.TRUE;
        }
    }

    /** Wakes the benchmark thread from its success handler. */
    static final class RoundTripOrchestrator extends BaseOrchestrator<String> {

        private volatile Thread waiter;
        private volatile String succeeded;

        RoundTripOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super("idle", dispatcher, bus);
            start();
        }

        String dispatchAndAwait(BaseJob job) {
            waiter = Thread.currentThread();
            String id = dispatch(job);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Completion.TIMEOUT_SECONDS);
            while (succeeded != id) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("No JobSuccessEvent for " + job);
                }
            }
            return id;
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            succeeded = event.correlationId();
            LockSupport.unpark(waiter);
        }
    }
}
