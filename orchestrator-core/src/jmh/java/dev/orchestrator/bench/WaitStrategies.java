package dev.orchestrator.bench;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.util.concurrent.TimeUnit;

/**
 * The Disruptor's wait strategies by name, for the {@code waitStrategy} parameter of the Disruptor
 * baselines ({@code -p waitStrategy=blocking,liteBlocking,sleeping,yielding,phasedBackoff} compares
 * them). Busy spinning is left out: 8 handler threads spinning on 2 cores starve the producer.
 */
final class WaitStrategies {

    // The defaults of the baselines: the fastest of all for each case, measured on the 2-core
    // machine (docs/benchmarks.md, "The Disruptor's wait strategy").

    /** For {@link BusFanOutBenchmark}. */
    static final String FAN_OUT = "liteBlocking";

    /** For {@link SaturationLatencyBenchmark}. */
    static final String SATURATION = "liteBlocking";

    private WaitStrategies() {}

    static WaitStrategy of(String name) {
        return switch (name) {
            case "blocking" -> new BlockingWaitStrategy();
            case "liteBlocking" -> new LiteBlockingWaitStrategy();
            case "sleeping" -> new SleepingWaitStrategy();
            case "yielding" -> new YieldingWaitStrategy();
            // spins 10 µs, yields until 100 µs, then blocks (without signalling when nobody waits)
            case "phasedBackoff" -> PhasedBackoffWaitStrategy.withLiteLock(10, 100, TimeUnit.MICROSECONDS);
            default -> throw new IllegalArgumentException("Unknown wait strategy " + name);
        };
    }
}
