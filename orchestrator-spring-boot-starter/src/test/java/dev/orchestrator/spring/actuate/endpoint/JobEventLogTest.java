package dev.orchestrator.spring.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.test.EventRecorder;
import dev.orchestrator.test.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** What {@link JobEventLog} keeps of each job's events, and for how many jobs. */
class JobEventLogTest {

    private final Dispatcher dispatcher = Dispatcher.builder()
            .config(OrchestratorConfig.custom()
                    .logger(NoOpLogger.INSTANCE)
                    .historyMaxSize(3)
                    .build())
            .build();

    @AfterEach
    void shutDown() {
        dispatcher.close();
    }

    @Test
    void keepsTheFirstEventAndTheMostRecentOnesAndCountsTheRest() {
        JobEventLog log = new JobEventLog(dispatcher.registry(), 4, 3);
        dispatcher.register(new StepsExecutor());
        EventRecorder recorder = EventRecorder.on(dispatcher.defaultBus());
        String id = dispatcher.dispatch(new StepsJob(10));
        recorder.awaitEnding(id);
        recorder.flush();

        JobEventLog.Events events = log.eventsOf(id).orElseThrow();
        assertThat(events.events())
                .extracting(JobEventLog.Entry::type)
                .containsExactly("JobStartedEvent", "JobProgressEvent", "JobProgressEvent", "JobSuccessEvent");
        assertThat(events.events().get(1).progress()).isEqualTo(0.9);
        assertThat(events.events().get(1).message()).isEqualTo("step 9");
        assertThat(events.events().get(2).progress()).isEqualTo(1.0);
        assertThat(events.notKept()).as("12 events, 4 kept").isEqualTo(8);
    }

    @Test
    void keepsRetriesWithTheirErrorAndDelayAndTheFailure() {
        JobEventLog log = new JobEventLog(dispatcher.registry(), 10, 3);
        dispatcher.register(new FailingExecutor());
        EventRecorder recorder = EventRecorder.on(dispatcher.defaultBus());
        String id = dispatcher.dispatch(new FailingJob());
        recorder.awaitEnding(id);
        recorder.flush();

        List<JobEventLog.Entry> events = log.eventsOf(id).orElseThrow().events();
        assertThat(events)
                .extracting(JobEventLog.Entry::type)
                .containsExactly("JobStartedEvent", "JobRetryingEvent", "JobFailureEvent");
        assertThat(events.get(1).attempt()).isEqualTo(1);
        assertThat(events.get(1).delayMillis()).isEqualTo(1);
        assertThat(events.get(1).error()).isEqualTo("java.lang.IllegalStateException: no 1");
        assertThat(events.get(2).attempt()).isEqualTo(2);
        assertThat(events.get(2).error()).isEqualTo("java.lang.IllegalStateException: no 2");
    }

    @Test
    void forgetsTheOldestFinishedJobsBeyondTheHistorySize() {
        JobEventLog log = new JobEventLog(dispatcher.registry(), 4, 2);
        dispatcher.register(new StepsExecutor());
        EventRecorder recorder = EventRecorder.on(dispatcher.defaultBus());
        List<String> ids = List.of(
                dispatcher.dispatch(new StepsJob(0)),
                dispatcher.dispatch(new StepsJob(0)),
                dispatcher.dispatch(new StepsJob(0)));
        ids.forEach(recorder::awaitEnding);
        recorder.flush();

        assertThat(ids.stream().filter(id -> log.eventsOf(id).isPresent()).count())
                .isEqualTo(2);
    }

    @Test
    void aJobCancelledBeforeItStartedHasItsEnding() {
        Semaphore gate = new Semaphore(0);
        ExecutorService oneWorker = Executors.newSingleThreadExecutor();
        Dispatcher one = Dispatcher.builder()
                .config(OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build())
                .build();
        try {
            JobEventLog log = new JobEventLog(one.registry(), 4, 10);
            one.register(new GateExecutor(gate, oneWorker));
            EventRecorder recorder = EventRecorder.on(one.defaultBus());
            String first = one.dispatch(new GateJob());
            String waiting = one.dispatch(new GateJob());
            recorder.awaitEvent(first, dev.orchestrator.event.JobStartedEvent.class);
            one.cancel(waiting);
            recorder.awaitEnding(waiting);
            recorder.flush();
            assertThat(log.eventsOf(waiting).orElseThrow().events())
                    .extracting(JobEventLog.Entry::type)
                    .containsExactly("JobCancelledEvent");
            gate.release();
            recorder.awaitEnding(first);
        } finally {
            one.close();
            oneWorker.shutdownNow();
        }
    }

    @Test
    void aReusedIdStartsANewListAndItsEndingIsKept() {
        VirtualTime time = new VirtualTime();
        Dispatcher reusing = Dispatcher.builder()
                .config(OrchestratorConfig.custom()
                        .logger(NoOpLogger.INSTANCE)
                        .clock(time.clock())
                        .historyTtl(Duration.ofMinutes(1))
                        .build())
                .build();
        try {
            JobEventLog log = new JobEventLog(reusing.registry(), 10, 3);
            reusing.register(new StepsExecutor());
            EventRecorder recorder = EventRecorder.on(reusing.defaultBus());
            String id = "nightly-report";
            reusing.dispatch(new StepsJob(id, 2));
            recorder.awaitEnding(id);
            recorder.flush();
            assertThat(log.eventsOf(id).orElseThrow().events()).hasSize(4);

            time.advance(Duration.ofMinutes(2)); // the registry forgets the first run: the id may run again
            recorder.clear();
            reusing.dispatch(new StepsJob(id, 1));
            recorder.awaitEnding(id);
            recorder.flush();
            assertThat(log.eventsOf(id).orElseThrow().events())
                    .extracting(JobEventLog.Entry::type)
                    .containsExactly("JobStartedEvent", "JobProgressEvent", "JobSuccessEvent");
        } finally {
            reusing.close();
        }
    }

    @Test
    void eventsOfJobsTheRegistryDoesNotRunAreNotKept() {
        JobEventLog log = new JobEventLog(dispatcher.registry(), 10, 3);
        Dispatcher other = Dispatcher.builder()
                .config(OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build())
                .defaultBus(dispatcher.defaultBus())
                .build();
        try {
            other.register(new StepsExecutor());
            EventRecorder recorder = EventRecorder.on(dispatcher.defaultBus());
            String id = other.dispatch(new StepsJob(3));
            recorder.awaitEnding(id);
            recorder.flush();
            assertThat(log.eventsOf(id)).isEmpty();
        } finally {
            other.close();
        }
    }

    @Test
    void withNoHistoryOnlyRunningJobsAreKept() {
        JobEventLog log = new JobEventLog(dispatcher.registry(), 10, 0);
        dispatcher.register(new StepsExecutor());
        EventRecorder recorder = EventRecorder.on(dispatcher.defaultBus());
        String id = dispatcher.dispatch(new StepsJob(1));
        recorder.awaitEnding(id);
        recorder.flush();
        assertThat(log.eventsOf(id)).isEmpty();
    }

    @RepeatedTest(5)
    void manyJobsOnManyThreadsEachKeepTheirOwnEventsInOrder() {
        Dispatcher wide = Dispatcher.builder()
                .config(OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build())
                .build();
        try {
            JobEventLog log = new JobEventLog(wide.registry(), 50, 1_000);
            wide.register(new StepsExecutor());
            EventRecorder recorder = EventRecorder.on(wide.defaultBus());
            List<String> ids = IntStream.range(0, 200)
                    .mapToObj(i -> wide.dispatch(new StepsJob(1 + i % 5)))
                    .toList();
            ids.forEach(recorder::awaitEnding);
            recorder.flush();
            for (String id : ids) {
                assertThat(log.eventsOf(id).orElseThrow().events())
                        .extracting(JobEventLog.Entry::type)
                        .as("job %s", id)
                        .isEqualTo(recorder.typesOf(id).stream()
                                .map(Class::getSimpleName)
                                .toList());
            }
        } finally {
            wide.close();
        }
    }

    @Test
    void closedItRecordsNothingMoreAndKeepsWhatItHas() {
        JobEventLog log = new JobEventLog(dispatcher.registry(), 10, 3);
        dispatcher.register(new StepsExecutor());
        EventRecorder recorder = EventRecorder.on(dispatcher.defaultBus());
        String before = dispatcher.dispatch(new StepsJob(1));
        recorder.awaitEnding(before);
        recorder.flush();
        log.close();
        String after = dispatcher.dispatch(new StepsJob(1));
        recorder.awaitEnding(after);
        recorder.flush();
        assertThat(log.eventsOf(before)).isPresent();
        assertThat(log.eventsOf(after)).isEmpty();
    }

    @Test
    void badSizesAreRefusedNamingTheValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new JobEventLog(dispatcher.registry(), 1, 3))
                .withMessageContaining("eventsPerJob must be at least 2")
                .withMessageContaining("was 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new JobEventLog(dispatcher.registry(), 2, -1))
                .withMessageContaining("historySize must be 0 or more, but was -1");
    }

    static final class StepsJob extends BaseJob {
        final int steps;

        StepsJob(int steps) {
            this.steps = steps;
        }

        StepsJob(String id, int steps) {
            super(id);
            this.steps = steps;
        }
    }

    static final class StepsExecutor extends BaseExecutor<StepsJob> {
        @Override
        protected Object process(StepsJob job) {
            for (int step = 1; step <= job.steps; step++) {
                emitProgress(job, (double) step / job.steps, "step " + step);
            }
            return job.steps;
        }
    }

    static final class FailingJob extends BaseJob {
        FailingJob() {
            super(dev.orchestrator.job.JobOptions.builder()
                    .retryPolicy(RetryPolicy.custom()
                            .maxRetries(1)
                            .baseDelay(Duration.ofMillis(1))
                            .build())
                    .build());
        }
    }

    static final class FailingExecutor extends BaseExecutor<FailingJob> {
        private int attempts;

        @Override
        protected synchronized Object process(FailingJob job) {
            attempts++;
            throw new IllegalStateException("no " + attempts);
        }
    }

    static final class GateJob extends BaseJob {}

    static final class GateExecutor extends BaseExecutor<GateJob> {
        private final Semaphore gate;

        GateExecutor(Semaphore gate, Executor worker) {
            super(worker);
            this.gate = gate;
        }

        @Override
        protected Object process(GateJob job) throws InterruptedException {
            gate.acquire();
            return "done";
        }
    }
}
