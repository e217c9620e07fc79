package dev.orchestrator.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.orchestration.JobFixtures.Blocker;
import dev.orchestrator.orchestration.JobFixtures.CustomEvent;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import dev.orchestrator.orchestration.JobFixtures.TrackingExecutor;
import dev.orchestrator.test.EventRecorder;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Pins progress reporting, contract point 7, and the routing of executor events to the job's bus. */
class ProgressTest extends JobTestBase {

    @Test
    void progressEventsArriveInOrderBetweenStartedAndSuccess() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> {
            e.emitProgress(j, 0.25);
            e.emitProgress(j, 0.5, "half way");
            e.emitProgress(j, 0.75, "three of four", 3, 4);
            return "done";
        });

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(recorder.typesOf(job.id()))
                .containsExactly(
                        JobStartedEvent.class,
                        JobProgressEvent.class,
                        JobProgressEvent.class,
                        JobProgressEvent.class,
                        JobSuccessEvent.class);
        List<JobProgressEvent> progress = recorder.eventsOf(job.id(), JobProgressEvent.class);
        assertThat(progress).extracting(JobProgressEvent::progress).containsExactly(0.25, 0.5, 0.75);
        assertThat(progress.get(0).message()).isEmpty();
        assertThat(progress.get(0).currentStep()).isEmpty();
        assertThat(progress.get(1).message()).contains("half way");
        assertThat(progress.get(2).message()).contains("three of four");
        assertThat(progress.get(2).currentStep()).isEqualTo(OptionalInt.of(3));
        assertThat(progress.get(2).totalSteps()).isEqualTo(OptionalInt.of(4));
        assertThat(progress.get(2).jobType()).isEqualTo(TestJob.class);
    }

    @Test
    void progressOutsideZeroToOneIsClamped() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> {
            e.emitProgress(j, -0.5);
            e.emitProgress(j, 1.7);
            e.emitProgress(j, Double.NEGATIVE_INFINITY);
            e.emitProgress(j, Double.POSITIVE_INFINITY);
            return null;
        });

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(recorder.eventsOf(job.id(), JobProgressEvent.class))
                .extracting(JobProgressEvent::progress)
                .containsExactly(0.0, 1.0, 0.0, 1.0);
    }

    @Test
    void nanProgressIsRejectedWithAnErrorNamingIt() {
        Dispatcher dispatcher = dispatcher();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        TestJob job = new TestJob((j, e) -> {
            try {
                e.emitProgress(j, Double.NaN, "bad");
            } catch (IllegalArgumentException ex) {
                thrown.set(ex);
            }
            return "went on";
        });

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(thrown.get())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN")
                .hasMessageContaining("progress");
        assertThat(recorder.eventsOf(job.id(), JobProgressEvent.class)).isEmpty();
        assertThatThrownBy(() -> executor.emitProgress(job, Double.NaN))
                .as("NaN is rejected after the job ended too")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void progressAndCustomEventsAfterTheJobEndedAreIgnored() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> "done");
        dispatcher.dispatch(job, bus);
        recorder.awaitEnding(job.id());

        executor.emitProgress(job, 0.5, "too late");
        executor.emitStep(job, 1, 2, "too late");
        boolean emitted = executor.emit(job, new CustomEvent(job.id(), "too late"));

        assertThat(emitted).isFalse();
        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(recorder.typesOf(job.id())).containsExactly(JobStartedEvent.class, JobSuccessEvent.class);
    }

    @Test
    void lateProgressAndEventsOfACancelledProcessAreNeverDelivered() throws Exception {
        TrackingExecutor workers = workers(2);
        Dispatcher dispatcher = dispatcher(workers);
        Blocker blocker = blocker();
        AtomicBoolean lateEmitAccepted = new AtomicBoolean(true);
        TestJob job = new TestJob((j, e) -> {
            e.emitProgress(j, 0.1, "before");
            blocker.blockIgnoringInterrupts(null);
            e.emitProgress(j, 0.9, "after cancel");
            e.emitStep(j, 2, 2, "after cancel");
            lateEmitAccepted.set(e.emit(j, new CustomEvent(j.id(), "after cancel")));
            return "late";
        });
        dispatcher.dispatch(job, bus);
        blocker.awaitEntered();
        dispatcher.cancel(job.id());
        recorder.awaitEvent(job.id(), JobCancelledEvent.class);

        blocker.release();
        blocker.awaitExited();
        workers.awaitIdle();

        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
        assertThat(lateEmitAccepted).isFalse();
        assertThat(recorder.typesOf(job.id()))
                .containsExactly(JobStartedEvent.class, JobProgressEvent.class, JobCancelledEvent.class);
    }

    @Test
    void emitStepComputesProgressFromCurrentAndTotal() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> {
            for (int step = 1; step <= 4; step++) {
                e.emitStep(j, step, 4, "part " + step + "/4");
            }
            return "done";
        });

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        List<JobProgressEvent> progress = recorder.eventsOf(job.id(), JobProgressEvent.class);
        assertThat(progress).extracting(JobProgressEvent::progress).containsExactly(0.25, 0.5, 0.75, 1.0);
        assertThat(progress).extracting(p -> p.currentStep().getAsInt()).containsExactly(1, 2, 3, 4);
        assertThat(progress).extracting(p -> p.totalSteps().getAsInt()).containsOnly(4);
        assertThat(progress)
                .extracting(p -> p.message().orElseThrow())
                .containsExactly("part 1/4", "part 2/4", "part 3/4", "part 4/4");
    }

    @Test
    void emitStepRejectsStepsOutOfRange() {
        Dispatcher dispatcher = dispatcher();
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        TestJob job = new TestJob((j, e) -> {
            for (int[] steps : new int[][] {{1, 0}, {5, 4}, {-1, 4}}) {
                try {
                    e.emitStep(j, steps[0], steps[1], null);
                } catch (IllegalArgumentException ex) {
                    thrown.add(ex);
                }
            }
            return null;
        });

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(thrown).hasSize(3);
        assertThat(thrown.get(0)).hasMessageContaining("totalSteps").hasMessageContaining("0");
        assertThat(thrown.get(1)).hasMessageContaining("currentStep").hasMessageContaining("5");
        assertThat(thrown.get(2)).hasMessageContaining("currentStep").hasMessageContaining("-1");
        assertThat(recorder.eventsOf(job.id(), JobProgressEvent.class)).isEmpty();
    }

    @Test
    void executorEventsGoToTheBusTheJobWasDispatchedOnNotTheGlobalOrDefaultBus() {
        SignalBus defaultBus = newBus("test-default");
        Dispatcher dispatcher = Dispatcher.builder()
                .config(quietConfig().build())
                .defaultBus(defaultBus)
                .build();
        try {
            dispatcher.register(executor);
            TestJob job = new TestJob((j, e) -> {
                e.emitProgress(j, 0.5);
                assertThat(e.emit(j, new CustomEvent(j.id(), "domain"))).isTrue();
                return "done";
            });
            try (EventRecorder onDefault = EventRecorder.on(defaultBus);
                    EventRecorder onGlobal = EventRecorder.on(SignalBus.instance())) {
                dispatcher.dispatch(job, bus);

                assertEndedOnceWith(job.id(), JobSuccessEvent.class);
                assertThat(recorder.eventsOf(job.id(), CustomEvent.class))
                        .singleElement()
                        .satisfies(event -> assertThat(event.payload).isEqualTo("domain"));
                assertThat(dispatcher
                                .registry()
                                .finished(job.id())
                                .orElseThrow()
                                .bus())
                        .isEqualTo(bus.name());
                onGlobal.flush();
                onDefault.flush();
                assertThat(onGlobal.eventsOf(job.id())).isEmpty();
                assertThat(onDefault.eventsOf(job.id())).isEmpty();
            }
        } finally {
            dispatcher.close();
        }
    }

    @Test
    void lastProgressIsVisibleInTheRunningJobSnapshot() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        TestJob job = new TestJob((j, e) -> {
            e.emitProgress(j, 0.4, "forty percent");
            return blocker.block("done");
        });

        dispatcher.dispatch(job, bus);
        blocker.awaitEntered();

        assertThat(dispatcher.registry().running(job.id())).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.progress()).isEqualTo(0.4);
            assertThat(snapshot.progressMessage()).isEqualTo("forty percent");
        });
        blocker.release();
        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
    }
}
