package dev.orchestrator.test.readme;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.test.EventRecorder;
import dev.orchestrator.test.VirtualTime;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's "Testing your orchestrators" example, run as a test; README.md shows the tagged part verbatim (ReadmeTestingSectionTest). */
class ReportExecutorTest {

    interface ReportClient {
        String fetch(String quarter) throws Exception;
    }

    static final class ReportJob extends BaseJob {
        final String quarter;

        ReportJob(String quarter, JobOptions options) {
            super(options);
            this.quarter = quarter;
        }
    }

    static final class ReportExecutor extends BaseExecutor<ReportJob> {
        private final ReportClient client;

        ReportExecutor(ReportClient client) {
            this.client = client;
        }

        @Override
        protected Object process(ReportJob job) throws Exception {
            return client.fetch(job.quarter);
        }
    }

    // tag::example[]
    final VirtualTime time = new VirtualTime();
    final SignalBus bus = SignalBus.scoped("reports");
    final EventRecorder events = EventRecorder.on(bus);
    final Dispatcher dispatcher = time.dispatcher(bus).build(); // virtual clock, timer and workers

    @AfterEach
    void close() {
        dispatcher.shutdown(Duration.ZERO);
        events.close();
        time.close();
    }

    @Test
    void retriesAfterOneTwoAndFourSecondsThenTimesOutAtThirty() {
        AtomicInteger calls = new AtomicInteger();
        dispatcher.register(new ReportExecutor(quarter -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("service unavailable");
            }
            time.sleep(Duration.ofMinutes(5)); // hangs, in virtual time
            return "report " + quarter;
        }));
        JobOptions options = JobOptions.builder()
                .retryPolicy(RetryPolicy.custom()
                        .maxRetries(3)
                        .baseDelay(Duration.ofSeconds(1))
                        .build())
                .timeout(Duration.ofSeconds(30))
                .build();

        JobHandle<Object> handle = dispatcher.submit(new ReportJob("q3", options));
        time.runUntilDone(handle); // runs the backoff waits and the timeout: milliseconds of wall time

        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(30));
        assertThat(events)
                .job(handle)
                .timedOut()
                .failedWith(TimeoutException.class)
                .wasRetried(3)
                .hasNothingAfterEnding();
    }
    // end::example[]
}
