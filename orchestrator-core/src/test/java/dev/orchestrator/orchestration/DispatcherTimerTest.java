package dev.orchestrator.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.test.EventRecorder;
import dev.orchestrator.test.VirtualTime;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The dispatcher's timer seam: a scheduler given to it, and timeouts measured on a configured clock. */
class DispatcherTimerTest {

    static final class TimedJob extends BaseJob {
        TimedJob(JobOptions options) {
            super(options);
        }
    }

    @Test
    void aGivenSchedulerRunsTheBackoffWaitsAndOutlivesTheDispatcher() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        SignalBus bus = SignalBus.scoped("given-timer");
        Dispatcher dispatcher =
                Dispatcher.builder().defaultBus(bus).scheduler(timer).build();
        AtomicInteger attempts = new AtomicInteger();
        dispatcher.register(new BaseExecutor<TimedJob>() {
            @Override
            protected Object process(TimedJob job) {
                if (attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("not yet");
                }
                return "done";
            }
        });
        try (EventRecorder events = EventRecorder.on(bus)) {
            String id = dispatcher.dispatch(new TimedJob(JobOptions.builder()
                    .retryPolicy(RetryPolicy.custom()
                            .maxRetries(2)
                            .baseDelay(Duration.ofMillis(5))
                            .build())
                    .build()));

            events.awaitEnding(id);
            assertThat(attempts).hasValue(3);
            assertThat(timer.getCompletedTaskCount()).isGreaterThanOrEqualTo(2); // the two backoff waits ran there
        } finally {
            dispatcher.shutdown(Duration.ZERO);
            bus.close();
        }
        assertThat(timer.isShutdown()).isFalse(); // not the dispatcher's to shut down
        timer.shutdownNow();
    }

    @Test
    void aTimeoutIsMeasuredOnTheConfiguredClockNotTheWallClock() {
        try (VirtualTime time = new VirtualTime()) {
            SignalBus bus = SignalBus.scoped("virtual-timeout");
            Dispatcher dispatcher = time.dispatcher(bus).build();
            dispatcher.register(new BaseExecutor<TimedJob>() {
                @Override
                protected Object process(TimedJob job) throws InterruptedException {
                    time.sleep(Duration.ofHours(1));
                    return "late";
                }
            });
            try {
                JobHandle<Object> handle = dispatcher.submit(new TimedJob(
                        JobOptions.builder().timeout(Duration.ofSeconds(30)).build()));

                time.advance(Duration.ofMillis(29_999));
                assertThat(handle.isDone()).isFalse();
                time.advance(Duration.ofMillis(1));
                assertThat(handle.isDone()).isTrue();
                assertThat(handle.finished().orElseThrow().outcome()).isEqualTo(JobOutcome.TIMEOUT);
            } finally {
                dispatcher.shutdown(Duration.ZERO);
                bus.close();
            }
        }
    }
}
