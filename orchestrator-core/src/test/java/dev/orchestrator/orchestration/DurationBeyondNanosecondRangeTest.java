package dev.orchestrator.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.test.EventRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins contract point 2 for durations JobOptions and RetryPolicy accept: a timeout or backoff wait beyond Long.MAX_VALUE nanoseconds (~292 years) must not break the job's run. */
class DurationBeyondNanosecondRangeTest {

    private static final Duration THREE_HUNDRED_YEARS = Duration.ofDays(365L * 300);

    static final class LongJob extends BaseJob {
        LongJob(JobOptions options) {
            super(options);
        }
    }

    /** Succeeds, or fails on the first attempt when the job's metadata says so. */
    static final class LongJobExecutor extends BaseExecutor<LongJob> {
        @Override
        protected Object process(LongJob job) {
            if (job.metadata().containsKey("failFirst")) {
                throw new IllegalStateException("transient");
            }
            return "done";
        }
    }

    private ExecutorService pool;
    private final List<Throwable> escaped = new CopyOnWriteArrayList<>();
    private final AtomicInteger tasksFinished = new AtomicInteger();
    private Dispatcher dispatcher;
    private SignalBus bus;
    private EventRecorder events;

    @BeforeEach
    void setUp() {
        pool = Executors.newFixedThreadPool(2);
        dispatcher = Dispatcher.builder()
                .config(OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build())
                .executor(task -> pool.execute(() -> {
                    try {
                        task.run();
                    } catch (Throwable ex) {
                        escaped.add(ex); // an exception that escaped the framework's own task
                    } finally {
                        tasksFinished.incrementAndGet();
                    }
                }))
                .build();
        dispatcher.register(new LongJobExecutor());
        bus = SignalBus.builder("test-huge-duration")
                .logger(NoOpLogger.INSTANCE)
                .build();
        events = EventRecorder.on(bus);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        dispatcher.close();
        bus.close();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void jobWithATimeoutOfThreeHundredYearsStillSucceeds() {
        String id = dispatcher.dispatch(
                new LongJob(JobOptions.builder().timeout(THREE_HUNDRED_YEARS).build()), bus);

        await().atMost(Duration.ofSeconds(2)).until(() -> tasksFinished.get() >= 1);
        assertThat(escaped).isEmpty();
        events.awaitEnding(id);
        assertThat(events.events()).hasSize(2);
        assertThat(events.events().get(0)).isInstanceOf(JobStartedEvent.class);
        assertThat(events.events().get(1))
                .isInstanceOfSatisfying(
                        JobSuccessEvent.class,
                        success -> assertThat(success.correlationId()).isEqualTo(id));
    }

    @Test
    void backoffWaitOfThreeHundredYearsIsScheduledAndCutShortByCancel() {
        RetryPolicy policy = RetryPolicy.custom()
                .maxRetries(1)
                .baseDelay(THREE_HUNDRED_YEARS)
                .maxDelay(THREE_HUNDRED_YEARS)
                .build();
        String id = dispatcher.dispatch(
                new LongJob(JobOptions.builder()
                        .retryPolicy(policy)
                        .metadata("failFirst", true)
                        .build()),
                bus);

        await().atMost(Duration.ofSeconds(2)).until(() -> tasksFinished.get() >= 1);
        assertThat(escaped).isEmpty();
        events.awaitEvent(id, JobRetryingEvent.class, Duration.ofSeconds(2));
        assertThat(dispatcher.cancel(id)).isTrue();
        events.awaitEnding(id);
        assertThat(events.events()).last().isInstanceOf(JobCancelledEvent.class);
    }
}
