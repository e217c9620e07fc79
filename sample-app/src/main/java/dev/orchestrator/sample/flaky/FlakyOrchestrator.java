package dev.orchestrator.sample.flaky;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.sample.Buses;
import dev.orchestrator.sample.board.JobBoardOrchestrator;
import dev.orchestrator.sample.board.JobKind;
import dev.orchestrator.sample.board.JobView;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Calls the flaky service with retry. The whole retry policy comes from configuration,
 * {@code orchestrator.jobs.FlakyCallJob.retry.*}: its timing, and which errors are worth a retry
 * ({@code retry-on: ServiceUnavailableException}, {@code ignore: RequestRejectedException}, so a
 * permanent error, a 401, fails at once).
 */
@Component
public class FlakyOrchestrator extends JobBoardOrchestrator {

    private final RetryPolicy retryPolicy;
    private final FlakyService service;

    /**
     * @param dispatcher runs the jobs; its configuration holds the configured retry timing
     * @param bus the jobs bus
     * @param service the service, for its failure rate
     */
    public FlakyOrchestrator(Dispatcher dispatcher, @Qualifier(Buses.JOBS) SignalBus bus, FlakyService service) {
        super(JobKind.FLAKY, dispatcher, bus);
        this.retryPolicy = dispatcher
                .config()
                .jobDefaultsFor(FlakyCallJob.class)
                .retryPolicy()
                .orElse(RetryPolicy.ofDefaults());
        this.service = service;
    }

    /**
     * Calls the service in the background.
     *
     * @param mode how the service behaves
     * @param failFirst in transient mode, the attempts that fail
     * @param latency time one call takes
     * @return the call as the board shows it
     */
    public JobView call(FailureMode mode, int failFirst, Duration latency) {
        return start(new FlakyCallJob(mode, failFirst, latency, retryPolicy), title(mode, failFirst));
    }

    /** @return the retry policy of every call */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    private static String times(int count) {
        return count == 1 ? "once" : count == 2 ? "twice" : count + " times";
    }

    private String title(FailureMode mode, int failFirst) {
        return switch (mode) {
            case TRANSIENT ->
                failFirst == 0
                        ? "Call that works at once"
                        : "Call that fails " + times(failFirst) + " (503), then works";
            case PERMANENT -> "Call with a permanent error (401)";
            case RANDOM -> "Call with random failures (" + Math.round(service.failureRate() * 100) + "% fail)";
        };
    }
}
