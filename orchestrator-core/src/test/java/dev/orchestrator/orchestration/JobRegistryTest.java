package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.bus.Subscription;
import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.JobFixtures.Blocker;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.test.VirtualTime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pins the job registry (running snapshots, bounded history, buses) and the {@link OrchestratorObserver} SPI. */
class JobRegistryTest extends JobTestBase {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

    /** Used as a clock only: the dispatchers here run on real threads. */
    private final VirtualTime time = new VirtualTime(T0);

    @AfterEach
    void stopTime() {
        time.close();
    }

    /** Records the lifecycle calls and emitted events an observer sees. */
    static class RecordingObserver implements OrchestratorObserver {
        final List<String> lifecycle = new CopyOnWriteArrayList<>();
        final List<String> emitted = new CopyOnWriteArrayList<>();

        @Override
        public void jobStarted(JobSnapshot job) {
            lifecycle.add("started " + job.id() + " " + job.status());
        }

        @Override
        public void jobRetrying(JobSnapshot job, JobRetryingEvent event) {
            lifecycle.add("retrying " + job.id() + " " + event.attempt());
        }

        @Override
        public void jobFinished(FinishedJob job) {
            lifecycle.add("finished " + job.id() + " " + job.outcome());
        }

        @Override
        public void eventEmitted(SignalBus bus, BaseEvent event) {
            emitted.add(bus.name() + " " + event.getClass().getSimpleName() + " " + event.correlationId());
        }
    }

    private static RetryPolicy retries(int maxRetries, Duration baseDelay) {
        return RetryPolicy.custom()
                .maxRetries(maxRetries)
                .baseDelay(baseDelay)
                .maxDelay(Duration.ofHours(2))
                .build();
    }

    @Test
    void runningJobsAreDescribedBySnapshotsWhileTheyBlock() throws Exception {
        Dispatcher dispatcher = dispatcher(config -> config.clock(time.clock()).executionPoolSize(1));
        Blocker first = blocker();
        Blocker second = blocker();
        TestJob running = new TestJob((j, e) -> {
            e.emitProgress(j, 0.3, "working");
            return first.block("first");
        });
        dispatcher.dispatch(running, bus);
        first.awaitEntered();
        time.advance(Duration.ofSeconds(10));
        TestJob queued = new TestJob((j, e) -> second.block("second"));
        dispatcher.dispatch(queued, bus);

        JobRegistry registry = dispatcher.registry();
        assertThat(registry.runningCount()).isEqualTo(2);
        assertThat(registry.runningJobs()).extracting(JobSnapshot::id).containsExactly(running.id(), queued.id());
        assertThat(registry.running(running.id())).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.jobType()).isEqualTo(TestJob.class);
            assertThat(snapshot.executor()).isEqualTo("TestExecutor");
            assertThat(snapshot.bus()).isEqualTo(bus.name());
            assertThat(snapshot.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(snapshot.progress()).isEqualTo(0.3);
            assertThat(snapshot.progressMessage()).isEqualTo("working");
            assertThat(snapshot.attempt()).as("attempts are numbered from 1").isEqualTo(1);
            assertThat(snapshot.dispatchedAt()).isEqualTo(T0);
            assertThat(snapshot.startedAt()).isEqualTo(T0);
        });
        assertThat(registry.running(queued.id())).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(snapshot.dispatchedAt()).isEqualTo(T0.plusSeconds(10));
            assertThat(snapshot.started()).isEmpty();
            assertThat(snapshot.progress()).isZero();
        });

        time.advance(Duration.ofSeconds(5));
        first.release();
        second.awaitEntered();
        assertThat(registry.running(queued.id())).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(snapshot.startedAt()).isEqualTo(T0.plusSeconds(15));
        });
        assertThat(registry.running(running.id())).isEmpty();
        second.release();
        assertEndedOnceWith(queued.id(), JobSuccessEvent.class);
        assertThat(registry.runningCount()).isZero();
    }

    @Test
    void jobWaitingForARetryIsShownAsRetryingWithItsAttempt() {
        Dispatcher dispatcher = dispatcher(config -> config.clock(time.clock()));
        TestJob job = new TestJob(
                JobOptions.builder()
                        .retryPolicy(retries(2, Duration.ofHours(1)))
                        .build(),
                (j, e) -> {
                    throw new IOException("fails");
                });

        dispatcher.dispatch(job, bus);
        recorder.awaitEvent(job.id(), JobRetryingEvent.class);

        assertThat(dispatcher.registry().running(job.id())).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.status()).isEqualTo(JobStatus.RETRYING);
            assertThat(snapshot.attempt()).isEqualTo(1);
        });
        dispatcher.cancel(job.id());
        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
        assertThat(dispatcher.registry().finished(job.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.CANCELLED);
            assertThat(finished.attempts()).isEqualTo(1);
        });
    }

    @Test
    void finishedJobsRecordOutcomeAttemptsDurationAndErrorSummary() throws Exception {
        Dispatcher dispatcher = dispatcher(config -> config.clock(time.clock()));
        Blocker blocker = blocker();
        TestJob success = new TestJob((j, e) -> blocker.block("ok"));
        dispatcher.dispatch(success, bus);
        blocker.awaitEntered();
        time.advance(Duration.ofSeconds(7));
        blocker.release();
        assertEndedOnceWith(success.id(), JobSuccessEvent.class);

        TestJob failure = new TestJob(
                JobOptions.builder().retryPolicy(retries(1, Duration.ZERO)).build(), (j, e) -> {
                    throw new IOException("disk gone");
                });
        dispatcher.dispatch(failure, bus);
        assertEndedOnceWith(failure.id(), JobFailureEvent.class);

        Blocker stuck = blocker();
        TestJob timeout =
                new TestJob(JobOptions.builder().timeout(Duration.ofMillis(30)).build(), (j, e) -> stuck.block("late"));
        dispatcher.dispatch(timeout, bus);
        assertEndedOnceWith(timeout.id(), JobFailureEvent.class);

        CancellationToken token = new CancellationToken();
        token.cancel();
        TestJob cancelled =
                new TestJob(JobOptions.builder().cancellationToken(token).build(), (j, e) -> "never");
        dispatcher.dispatch(cancelled, bus);
        assertEndedOnceWith(cancelled.id(), JobCancelledEvent.class);

        JobRegistry registry = dispatcher.registry();
        assertThat(registry.finishedJobs())
                .extracting(FinishedJob::id)
                .containsExactly(cancelled.id(), timeout.id(), failure.id(), success.id());
        assertThat(registry.finished(success.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.SUCCESS);
            assertThat(finished.attempts()).isEqualTo(1);
            assertThat(finished.duration()).isEqualTo(Duration.ofSeconds(7));
            assertThat(finished.startedAt()).isEqualTo(T0);
            assertThat(finished.finishedAt()).isEqualTo(T0.plusSeconds(7));
            assertThat(finished.error()).isEmpty();
            assertThat(finished.executor()).isEqualTo("TestExecutor");
            assertThat(finished.bus()).isEqualTo(bus.name());
            assertThat(finished.jobType()).isEqualTo(TestJob.class);
        });
        assertThat(registry.finished(failure.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.FAILURE);
            assertThat(finished.attempts()).isEqualTo(2);
            assertThat(finished.error()).contains("java.io.IOException: disk gone");
        });
        assertThat(registry.finished(timeout.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.TIMEOUT);
            assertThat(finished.attempts()).isEqualTo(1);
            assertThat(finished.error())
                    .hasValueSatisfying(summary -> assertThat(summary)
                            .startsWith("java.util.concurrent.TimeoutException")
                            .contains(timeout.id()));
        });
        assertThat(registry.finished(cancelled.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.CANCELLED);
            assertThat(finished.attempts()).isZero();
            assertThat(finished.startedAt()).isNull();
            assertThat(finished.error()).isEmpty();
        });
    }

    @Test
    void withTheSystemClockAJobStartsAndEndsAtTheTimesOfItsStartedAndTerminalEvents() {
        Dispatcher dispatcher = dispatcher(); // the system clock, which events read too
        TestJob job = new TestJob((j, e) -> "ok");
        dispatcher.dispatch(job, bus);
        JobEvent ending = assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        eventually().until(() -> dispatcher.registry().finished(job.id()).isPresent());

        FinishedJob finished = dispatcher.registry().finished(job.id()).orElseThrow();
        JobStartedEvent started =
                recorder.eventsOf(job.id(), JobStartedEvent.class).get(0);
        assertThat(finished.startedAt())
                .as("one Instant for both, not one each")
                .isSameAs(started.timestamp());
        assertThat(finished.finishedAt()).isSameAs(ending.timestamp());
    }

    @Test
    void historyKeepsOnlyTheMostRecentJobsUpToItsMaximumSize() {
        Dispatcher dispatcher = dispatcher(config -> config.historyMaxSize(2));
        List<String> ids = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestJob job = new TestJob((j, e) -> "ok");
            ids.add(dispatcher.dispatch(job, bus));
            assertEndedOnceWith(job.id(), JobSuccessEvent.class);
            String id = job.id();
            eventually().until(() -> dispatcher.registry().finished(id).isPresent());
        }

        assertThat(dispatcher.registry().finishedJobs())
                .extracting(FinishedJob::id)
                .containsExactly(ids.get(2), ids.get(1));
        assertThat(dispatcher.registry().finished(ids.get(0))).isEmpty();
    }

    @Test
    void historyOfSizeZeroKeepsNothing() {
        Dispatcher dispatcher = dispatcher(config -> config.historyMaxSize(0));
        TestJob job = new TestJob((j, e) -> "ok");

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        eventually().until(() -> !dispatcher.isRunning(job.id()));
        assertThat(dispatcher.registry().finishedJobs()).isEmpty();
    }

    @Test
    void historyForgetsJobsOlderThanItsTimeToLive() {
        Dispatcher dispatcher = dispatcher(config -> config.clock(time.clock()).historyTtl(Duration.ofMinutes(1)));
        TestJob old = new TestJob((j, e) -> "old");
        dispatcher.dispatch(old, bus);
        assertEndedOnceWith(old.id(), JobSuccessEvent.class);
        eventually().until(() -> dispatcher.registry().finished(old.id()).isPresent());
        time.advance(Duration.ofSeconds(40));
        TestJob recent = new TestJob((j, e) -> "recent");
        dispatcher.dispatch(recent, bus);
        assertEndedOnceWith(recent.id(), JobSuccessEvent.class);
        eventually().until(() -> dispatcher.registry().finished(recent.id()).isPresent());

        time.advance(Duration.ofSeconds(20));
        assertThat(dispatcher.registry().finishedJobs())
                .extracting(FinishedJob::id)
                .containsExactly(recent.id(), old.id());

        time.advance(Duration.ofSeconds(1));
        assertThat(dispatcher.registry().finished(old.id())).isEmpty();
        assertThat(dispatcher.registry().finishedJobs())
                .extracting(FinishedJob::id)
                .containsExactly(recent.id());

        time.advance(Duration.ofSeconds(40));
        assertThat(dispatcher.registry().finishedJobs()).isEmpty();
    }

    @Test
    void jobIsFoundAsRunningWhileItRunsAndAsFinishedAfterwards() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        TestJob job = new TestJob((j, e) -> blocker.block("ok"));
        dispatcher.dispatch(job, bus);
        blocker.awaitEntered();

        assertThat(dispatcher.registry().running(job.id())).isPresent();
        assertThat(dispatcher.registry().finished(job.id())).isEmpty();

        blocker.release();
        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        eventually().until(() -> dispatcher.registry().finished(job.id()).isPresent());
        assertThat(dispatcher.registry().running(job.id())).isEmpty();
        assertThat(dispatcher.registry().running("unknown")).isEmpty();
        assertThat(dispatcher.registry().finished("unknown")).isEmpty();
    }

    @Test
    void busesListsTheBusesJobsWereDispatchedOnAndForgetsClosedOnes() {
        Dispatcher dispatcher = dispatcher();
        SignalBus moduleBus = newBus("test-module");
        TestJob job = new TestJob((j, e) -> "ok");

        dispatcher.dispatch(job, moduleBus);

        assertThat(dispatcher.registry().buses()).contains(bus, moduleBus);
        moduleBus.close();
        assertThat(dispatcher.registry().buses()).contains(bus).doesNotContain(moduleBus);
    }

    @Test
    void observerSeesStartRetryAndFinishOfAJobExactlyOnceInOrder() {
        Dispatcher dispatcher = dispatcher();
        RecordingObserver observer = new RecordingObserver();
        dispatcher.registry().addObserver(observer);
        TestJob job = new TestJob(
                JobOptions.builder()
                        .retryPolicy(retries(2, Duration.ofMillis(1)))
                        .build(),
                (j, e) -> {
                    if (j.calls.get() < 3) {
                        throw new IOException("again");
                    }
                    return "ok";
                });

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        eventually().untilAsserted(() -> assertThat(observer.lifecycle).contains("finished " + job.id() + " SUCCESS"));
        assertThat(observer.lifecycle)
                .containsExactly(
                        "started " + job.id() + " RUNNING",
                        "retrying " + job.id() + " 1",
                        "retrying " + job.id() + " 2",
                        "finished " + job.id() + " SUCCESS");
    }

    @Test
    void observerSeesJobFinishedButNoStartForAJobCancelledBeforeItStarted() {
        Dispatcher dispatcher = dispatcher();
        RecordingObserver observer = new RecordingObserver();
        dispatcher.registry().addObserver(observer);
        CancellationToken token = new CancellationToken();
        token.cancel();
        TestJob job = new TestJob(JobOptions.builder().cancellationToken(token).build(), (j, e) -> "never");

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
        eventually()
                .untilAsserted(
                        () -> assertThat(observer.lifecycle).containsExactly("finished " + job.id() + " CANCELLED"));
    }

    @Test
    void observerSeesEveryEventEmittedOnATrackedBus() {
        Dispatcher dispatcher = dispatcher();
        RecordingObserver observer = new RecordingObserver();
        dispatcher.registry().addObserver(observer);
        SignalBus moduleBus = newBus("test-module");
        TestJob job = new TestJob((j, e) -> {
            e.emitProgress(j, 0.5);
            return "ok";
        });

        dispatcher.dispatch(job, moduleBus);

        eventually()
                .untilAsserted(() -> assertThat(observer.emitted)
                        .containsExactly(
                                "test-module JobStartedEvent " + job.id(),
                                "test-module JobProgressEvent " + job.id(),
                                "test-module JobSuccessEvent " + job.id()));
    }

    @Test
    void removedObserverSeesNothingMore() {
        Dispatcher dispatcher = dispatcher();
        RecordingObserver removed = new RecordingObserver();
        RecordingObserver kept = new RecordingObserver();
        Subscription handle = dispatcher.registry().addObserver(removed);
        dispatcher.registry().addObserver(kept);
        handle.unsubscribe();
        TestJob job = new TestJob((j, e) -> "ok");

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        eventually().untilAsserted(() -> assertThat(kept.lifecycle).contains("finished " + job.id() + " SUCCESS"));
        assertThat(removed.lifecycle).isEmpty();
        assertThat(removed.emitted).isEmpty();
    }

    @Test
    void observerReadingTheRegistryWhileTwoJobsStartAtOnceDoesNotDeadlock() throws Exception {
        Dispatcher dispatcher = dispatcher();
        CyclicBarrier bothStarting = new CyclicBarrier(2);
        List<Integer> runningSeen = new CopyOnWriteArrayList<>();
        dispatcher.registry().addObserver(new OrchestratorObserver() {
            @Override
            public void jobStarted(JobSnapshot job) {
                try {
                    bothStarting.await(JobFixtures.SOON.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception ex) {
                    throw new IllegalStateException("the two jobs did not start together", ex);
                }
                // Read on a helper thread with a bounded wait: were the read to deadlock, this
                // observer gives up and returns, which frees the locks and keeps the build from hanging.
                try {
                    runningSeen.add(CompletableFuture.supplyAsync(
                                    () -> dispatcher.registry().runningJobs().size(), task -> {
                                        Thread helper = new Thread(task, "registry-reader");
                                        helper.setDaemon(true);
                                        helper.start();
                                    })
                            .get(JobFixtures.PROMPTLY.toMillis(), TimeUnit.MILLISECONDS));
                } catch (Exception ex) {
                    runningSeen.add(-1);
                }
            }
        });
        Blocker firstBlocker = blocker();
        Blocker secondBlocker = blocker();
        TestJob first = new TestJob((j, e) -> firstBlocker.block("first"));
        TestJob second = new TestJob((j, e) -> secondBlocker.block("second"));

        dispatcher.dispatch(first, bus);
        dispatcher.dispatch(second, bus);

        firstBlocker.awaitEntered();
        secondBlocker.awaitEntered();
        firstBlocker.release();
        secondBlocker.release();
        assertEndedOnceWith(first.id(), JobSuccessEvent.class);
        assertEndedOnceWith(second.id(), JobSuccessEvent.class);
        assertThat(runningSeen).containsExactly(2, 2);
    }

    @Test
    void whoeverHearsTheTerminalEventFindsTheJobFinished() {
        Dispatcher dispatcher = dispatcher();
        JobRegistry registry = dispatcher.registry();
        List<String> seenByObserver = new CopyOnWriteArrayList<>();
        List<String> seenBySubscriber = new CopyOnWriteArrayList<>();
        registry.addObserver(new OrchestratorObserver() {
            @Override
            public void eventEmitted(SignalBus on, BaseEvent event) {
                if (event instanceof JobSuccessEvent) {
                    seenByObserver.add(describe(dispatcher, event.correlationId()));
                }
            }
        });
        bus.subscribe(
                JobSuccessEvent.class, event -> seenBySubscriber.add(describe(dispatcher, event.correlationId())));
        TestJob job = new TestJob((j, e) -> "ok");

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        eventually().until(() -> seenBySubscriber.size() == 1);
        assertThat(seenByObserver).containsExactly("running=false registry.running=false registry.finished=SUCCESS");
        assertThat(seenBySubscriber).containsExactly("running=false registry.running=false registry.finished=SUCCESS");
    }

    private static String describe(Dispatcher dispatcher, String id) {
        return "running=" + dispatcher.isRunning(id) + " registry.running="
                + dispatcher.registry().running(id).isPresent() + " registry.finished="
                + dispatcher
                        .registry()
                        .finished(id)
                        .map(FinishedJob::outcome)
                        .map(String::valueOf)
                        .orElse("none");
    }

    @Test
    void tripLogKeepsTheMostRecentTripsFirstAndCountsEveryTrip() {
        JobRegistry registry = new JobRegistry(quietConfig().build());
        List<CircuitBreakerTrip> seen = new CopyOnWriteArrayList<>();
        registry.addObserver(new OrchestratorObserver() {
            @Override
            public void circuitBreakerTripped(CircuitBreakerTrip trip) {
                seen.add(trip);
            }
        });
        int total = JobRegistry.TRIP_LOG_SIZE + 5;

        for (int i = 0; i < total; i++) {
            registry.recordTrip(
                    new CircuitBreakerTrip("cart", CustomEventForTrips.class, 51 + i, 50, T0.plusSeconds(i)));
        }

        assertThat(registry.tripCount()).isEqualTo(total);
        assertThat(registry.trips()).hasSize(JobRegistry.TRIP_LOG_SIZE);
        assertThat(registry.trips().get(0).at()).isEqualTo(T0.plusSeconds(total - 1));
        assertThat(registry.trips().get(JobRegistry.TRIP_LOG_SIZE - 1).at()).isEqualTo(T0.plusSeconds(5));
        assertThat(seen).hasSize(total);
    }

    @Test
    void handlerErrorsAreCountedAndReportedToObservers() {
        JobRegistry registry = new JobRegistry(quietConfig().build());
        List<String> seen = new CopyOnWriteArrayList<>();
        registry.addObserver(new OrchestratorObserver() {
            @Override
            public void handlerFailed(String orchestrator, BaseEvent event, Throwable error) {
                seen.add(orchestrator + " " + event.correlationId() + " " + error.getMessage());
            }
        });

        registry.recordHandlerError("cart", new CustomEventForTrips("c-1"), new IllegalStateException("handler broke"));

        assertThat(registry.handlerErrorCount()).isEqualTo(1);
        assertThat(seen).containsExactly("cart c-1 handler broke");
    }

    static final class CustomEventForTrips extends BaseEvent {
        CustomEventForTrips(String id) {
            super(id);
        }
    }

    static Stream<Arguments> observerFailures() {
        return Stream.of(
                Arguments.of("RuntimeException", (Supplier<RuntimeException>)
                        () -> new IllegalStateException("observer broke")),
                Arguments.of("Error", (Supplier<Error>) () -> new AssertionError("observer broke")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("observerFailures")
    void throwingObserverBreaksNeitherJobsNorOtherObservers(String kind, Supplier<? extends Throwable> failure) {
        Dispatcher dispatcher = dispatcher();
        dispatcher.registry().addObserver(new OrchestratorObserver() {
            @Override
            public void jobStarted(JobSnapshot job) {
                throwUnchecked(failure.get());
            }

            @Override
            public void jobRetrying(JobSnapshot job, JobRetryingEvent event) {
                throwUnchecked(failure.get());
            }

            @Override
            public void jobFinished(FinishedJob job) {
                throwUnchecked(failure.get());
            }

            @Override
            public void eventEmitted(SignalBus bus, BaseEvent event) {
                throwUnchecked(failure.get());
            }
        });
        RecordingObserver healthy = new RecordingObserver();
        dispatcher.registry().addObserver(healthy);
        TestJob job = new TestJob(
                JobOptions.builder()
                        .retryPolicy(retries(1, Duration.ofMillis(1)))
                        .build(),
                (j, e) -> {
                    if (j.calls.get() == 1) {
                        throw new IOException("once");
                    }
                    return "ok";
                });

        dispatcher.dispatch(job, bus);

        assertThat(assertEndedOnceWith(job.id(), JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("ok");
        assertThat(recorder.typesOf(job.id()))
                .containsExactly(JobStartedEvent.class, JobRetryingEvent.class, JobSuccessEvent.class);
        eventually()
                .untilAsserted(() -> assertThat(healthy.lifecycle)
                        .containsExactly(
                                "started " + job.id() + " RUNNING",
                                "retrying " + job.id() + " 1",
                                "finished " + job.id() + " SUCCESS"));
        assertThat(dispatcher.isRunning(job.id())).isFalse();
    }

    private static void throwUnchecked(Throwable failure) {
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        throw (RuntimeException) failure;
    }
}
