package dev.orchestrator.sample.flaky;

import dev.orchestrator.sample.SampleProperties;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * A stand-in for an unreliable downstream service that quotes exchange rates. In
 * {@link FailureMode#RANDOM random} mode it fails at the rate of {@code sample.flaky.failure-rate};
 * the other modes are deterministic, for tests and for a predictable demo. Thread-safe.
 */
@Component
public class FlakyService {

    private final double failureRate;

    /** @param properties supplies the failure rate */
    public FlakyService(SampleProperties properties) {
        this.failureRate = properties.flaky().failureRate();
    }

    /**
     * Asks for a quote.
     *
     * @param mode how to behave
     * @param attempt the caller's attempt, numbered from 1
     * @param failFirst in {@link FailureMode#TRANSIENT} mode, the attempts that fail
     * @param latency time the call takes
     * @return the quote
     * @throws ServiceUnavailableException a transient failure
     * @throws RequestRejectedException a permanent failure
     * @throws InterruptedException when the caller is cancelled or times out during the call
     */
    public String quote(FailureMode mode, int attempt, int failFirst, Duration latency)
            throws ServiceUnavailableException, RequestRejectedException, InterruptedException {
        Thread.sleep(latency.toMillis());
        boolean fails = switch (mode) {
            case PERMANENT -> throw new RequestRejectedException();
            case TRANSIENT -> attempt <= failFirst;
            case RANDOM -> ThreadLocalRandom.current().nextDouble() < failureRate;
        };
        if (fails) {
            throw new ServiceUnavailableException();
        }
        return "EUR/USD 1.0842";
    }

    /** @return the probability that a call in random mode fails */
    public double failureRate() {
        return failureRate;
    }
}
