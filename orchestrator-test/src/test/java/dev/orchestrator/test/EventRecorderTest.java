package dev.orchestrator.test;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.bus.Subscription;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.orchestration.JobOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

    private final SignalBus bus = SignalBus.scoped("recorder-test");
    private final Dispatcher dispatcher = Dispatcher.builder().defaultBus(bus).build();
    private final EventRecorder events = EventRecorder.on(bus).within(Duration.ofSeconds(5));

    @AfterEach
    void tearDown() {
        dispatcher.shutdown(Duration.ZERO);
        events.close();
        bus.close();
    }

    static final class StepJob extends BaseJob {
        final boolean fail;

        StepJob(boolean fail) {
            this.fail = fail;
        }
    }

    static final class StepExecutor extends BaseExecutor<StepJob> {
        @Override
        protected Object process(StepJob job) {
            emitProgress(job, 0.5, "half way");
            if (job.fail) {
                throw new IllegalArgumentException("bad step");
            }
            return "done";
        }
    }

    static final class Note extends BaseEvent {
        Note(String id) {
            super(id);
        }
    }

    @RepeatedTest(10)
    void recordsAJobsEventsInOrderAndTellsHowItEnded() {
        dispatcher.register(new StepExecutor());

        JobHandle<Object> ok = dispatcher.submit(new StepJob(false));
        JobHandle<Object> bad = dispatcher.submit(new StepJob(true));

        assertThat(events)
                .job(ok)
                .succeededWith("done")
                .hasEventTypes(JobStartedEvent.class, JobProgressEvent.class, JobSuccessEvent.class)
                .hasNothingAfterEnding();
        assertThat(events)
                .job(bad)
                .failed()
                .failedWith(IllegalArgumentException.class)
                .hasEventTypesInOrder(JobStartedEvent.class, JobFailureEvent.class);
        assertThat(events.outcome(ok.id())).contains(JobOutcome.SUCCESS);
        assertThat(events.outcome(bad.id())).contains(JobOutcome.FAILURE);
        assertThat(events.typesOf(ok.id()))
                .containsExactly(JobStartedEvent.class, JobProgressEvent.class, JobSuccessEvent.class);
        assertThat(events).hasEveryJobEndedOnce().hasNo(JobCancelledEvent.class);
    }

    @Test
    void assertionsFailWithTheJobsEventsInTheMessage() {
        dispatcher.register(new StepExecutor());
        JobHandle<Object> bad = dispatcher.submit(new StepJob(true));

        assertThatThrownBy(() -> assertThat(events).job(bad).succeeded())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to end with SUCCESS, but it ended with FAILURE")
                .hasMessageContaining("JobStartedEvent");
        assertThatThrownBy(() -> assertThat(events).job(bad).wasRetried(1))
                .hasMessageContaining("retried 1 times, but it was retried 0 times");
        assertThatThrownBy(() -> assertThat(events).job(bad).failedWith(IllegalStateException.class))
                .hasMessageContaining("IllegalArgumentException");
        assertThatThrownBy(() -> assertThat(events).job(bad).hasEventTypes(JobStartedEvent.class))
                .hasMessageContaining("[JobStartedEvent]");
    }

    @Test
    void hasNothingAfterEndingAndEndedOnceCatchWhatTheContractForbids() {
        String id = "forged";
        JobRunAssert afterEnding = new JobRunAssert(
                id,
                List.of(
                        new JobSuccessEvent(id, StepJob.class, null),
                        new JobProgressEvent(id, StepJob.class, 1.0, null, null, null)));
        assertThatThrownBy(afterEnding::hasNothingAfterEnding).hasMessageContaining("after its ending");
        JobRunAssert twice = new JobRunAssert(
                id, List.of(new JobSuccessEvent(id, StepJob.class, null), new JobCancelledEvent(id, StepJob.class)));
        assertThatThrownBy(twice::endedOnce).hasMessageContaining("ended 2 times");
    }

    @Test
    void awaitingWhatNeverComesFailsAfterTheTimeoutNamingIt() {
        EventRecorder quick = EventRecorder.on(bus).within(Duration.ofMillis(200));
        long start = System.nanoTime();

        assertThatThrownBy(() -> quick.awaitEnding("no-such-job"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the ending of job 'no-such-job'")
                .hasMessageContaining("nothing");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        quick.close();
    }

    @RepeatedTest(10)
    void flushWaitsForEverythingEmittedBeforeAndDoesNotRecordItsMarker() {
        for (int i = 0; i < 100; i++) {
            bus.emit(new Note("n" + i));
        }
        events.flush();

        assertThat(events.events(Note.class)).hasSize(100);
        assertThat(events.events()).hasSize(100);
        assertThat(events.eventsOf("n99")).hasSize(1);
    }

    @Test
    void awaitIdleWaitsForTheRecorderOnlyWhileAnotherSubscriberIsStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Subscription stuck = bus.subscribe(Note.class, note -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            bus.emit(new Note("a"));
            bus.emit(new Note("b"));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            events.awaitIdle();
            assertThat(events.events(Note.class)).hasSize(2);
            assertThat(bus.awaitIdle(Duration.ofMillis(50))).isFalse(); // the stuck one holds the bus
            assertThatThrownBy(() -> events.within(Duration.ofMillis(50)).awaitBusIdle())
                    .hasMessageContaining("still busy");
        } finally {
            release.countDown();
            stuck.unsubscribe();
        }
    }

    @Test
    void awaitIdleRefusesASubscriptionOfAnotherBus() {
        SignalBus other = SignalBus.scoped("other");
        Subscription elsewhere = other.subscribe(e -> {});
        try {
            assertThatThrownBy(() -> bus.awaitIdle(elsewhere, Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a subscription of bus 'recorder-test'");
        } finally {
            other.close();
        }
    }

    @Test
    void aRecorderMadeWithCreateIsSubscribedByHandAndCannotFlush() {
        EventRecorder notes = EventRecorder.create();
        Subscription subscription = bus.subscribe(Note.class, notes);
        try {
            bus.emit(new Note("x"));
            assertThat(notes.awaitEvent("x", Note.class).correlationId()).isEqualTo("x");
            assertThatThrownBy(notes::flush)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("EventRecorder.on(bus)");
        } finally {
            subscription.unsubscribe();
        }
    }

    @Test
    void closeStopsRecordingAndClearForgets() {
        bus.emit(new Note("before"));
        events.flush();
        events.clear();
        assertThat(events.events()).isEmpty();

        events.close();
        EventRecorder witness = EventRecorder.on(bus);
        bus.emit(new Note("after"));
        witness.flush();
        witness.close();
        assertThat(events.events()).isEmpty();
    }
}
