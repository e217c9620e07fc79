package dev.orchestrator;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The core tests' one way to wait for a condition that is not an event (events are waited for with
 * the test kit's {@link dev.orchestrator.test.EventRecorder}): Awaitility that checks at once and
 * then every millisecond, for at most {@link #WAIT}. Thread-safe (stateless).
 */
public final class Eventually {

    /** How long a condition may take to hold, unless a test says otherwise with {@code atMost}. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    private Eventually() {}

    /** {@return Awaitility checking at once, then every millisecond, for at most {@link #WAIT}} */
    public static ConditionFactory eventually() {
        return Awaitility.await()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .atMost(WAIT);
    }
}
