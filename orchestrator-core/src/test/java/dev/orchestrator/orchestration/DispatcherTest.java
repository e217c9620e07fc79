package dev.orchestrator.orchestration;

import static dev.orchestrator.orchestration.JobFixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.JobFixtures.Blocker;
import dev.orchestrator.orchestration.JobFixtures.OtherJob;
import dev.orchestrator.orchestration.JobFixtures.TestExecutor;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Pins contract points 1 (fire and forget) and 11 (bad input) for routing and registration in {@link Dispatcher}. */
class DispatcherTest extends JobTestBase {

    static final class LeafJob extends BaseJob {}

    abstract static class AbstractJob extends BaseJob {}

    abstract static class Mid<T extends BaseJob> extends BaseExecutor<T> {}

    static final class Leaf extends Mid<LeafJob> {
        @Override
        protected Object process(LeafJob job) {
            return "leaf";
        }
    }

    /** Type parameters in another order than the superclass's, to prove variables are followed by identity. */
    abstract static class Swapped<X, T extends BaseJob> extends Mid<T> {}

    static final class SwappedLeaf extends Swapped<String, LeafJob> {
        @Override
        protected Object process(LeafJob job) {
            return "swapped";
        }
    }

    static final class GenericExecutor<T extends BaseJob> extends BaseExecutor<T> {
        @Override
        protected Object process(T job) {
            return "generic";
        }
    }

    @SuppressWarnings("rawtypes")
    static final class RawExecutor extends BaseExecutor {
        @Override
        protected Object process(BaseJob job) {
            return "raw";
        }
    }

    static final class AbstractJobExecutor extends BaseExecutor<AbstractJob> {
        @Override
        protected Object process(AbstractJob job) {
            return null;
        }
    }

    static final class NamedExecutor extends BaseExecutor<LeafJob> {
        private final String name;

        NamedExecutor(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        protected Object process(LeafJob job) {
            return name;
        }
    }

    @Test
    void dispatchReturnsTheIdAtOnceWhileProcessIsStillBlocked() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        TestJob job = new TestJob((j, e) -> blocker.block("done"));

        String id = dispatcher.dispatch(job, bus);

        assertThat(id).isEqualTo(job.id());
        blocker.awaitEntered();
        assertThat(blocker.isStillBlocked()).isTrue();
        assertThat(dispatcher.isRunning(id)).isTrue();
        blocker.release();
        assertThat(assertEndedOnceWith(id, JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("done");
    }

    @Test
    void processRunsOnAnotherThreadThanTheCaller() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> Thread.currentThread());

        dispatcher.dispatch(job, bus);

        JobSuccessEvent success = (JobSuccessEvent) assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(success.data()).isInstanceOf(Thread.class).isNotSameAs(Thread.currentThread());
    }

    @Test
    void unknownJobTypeFailsWithExceptionNamingTheJobClassAndLeavesNoTrace() {
        Dispatcher dispatcher = dispatcher();
        OtherJob job = new OtherJob();

        assertThatThrownBy(() -> dispatcher.dispatch(job, bus))
                .isInstanceOf(ExecutorNotFoundException.class)
                .hasMessageContaining(OtherJob.class.getName())
                .hasMessageContaining(TestJob.class.getName())
                .satisfies(ex ->
                        assertThat(((ExecutorNotFoundException) ex).jobType()).isEqualTo(OtherJob.class));

        assertThat(dispatcher.isRunning(job.id())).isFalse();
        assertThat(dispatcher.registry().running(job.id())).isEmpty();
        assertThat(dispatcher.registry().runningCount()).isZero();
        assertThat(dispatcher.registry().running(job.id())).isEmpty();
        recorder.flush();
        assertThat(recorder.eventsOf(job.id())).isEmpty();
        assertThat(dispatcher.registry().finished(job.id())).isEmpty();
    }

    @Test
    void secondExecutorForOneTypeFailsNamingTheTypeAndBothExecutors() {
        Dispatcher dispatcher = bareDispatcher();
        dispatcher.register(new NamedExecutor("firstExecutor"));

        assertThatThrownBy(() -> dispatcher.register(new NamedExecutor("secondExecutor")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(LeafJob.class.getName())
                .hasMessageContaining("firstExecutor")
                .hasMessageContaining("secondExecutor");

        LeafJob job = new LeafJob();
        dispatcher.dispatch(job, bus);
        assertThat(assertEndedOnceWith(job.id(), JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("firstExecutor");
    }

    @Test
    void executorRefusedForATakenTypeCanStillBeRegisteredWithAnotherDispatcher() {
        Dispatcher first = bareDispatcher();
        first.register(new NamedExecutor("firstExecutor"));
        NamedExecutor refused = new NamedExecutor("refused");
        assertThatThrownBy(() -> first.register(refused)).isInstanceOf(IllegalStateException.class);

        Dispatcher second = bareDispatcher();
        second.register(refused);

        LeafJob job = new LeafJob();
        second.dispatch(job, bus);
        assertThat(assertEndedOnceWith(job.id(), JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("refused");
    }

    @Test
    void jobTypeIsResolvedThroughAnIntermediateGenericExecutorClass() {
        assertThat(Dispatcher.resolveJobType(Leaf.class)).isEqualTo(LeafJob.class);
        assertThat(Dispatcher.resolveJobType(SwappedLeaf.class)).isEqualTo(LeafJob.class);

        Dispatcher dispatcher = bareDispatcher();
        Leaf leaf = new Leaf();
        dispatcher.register(leaf);
        assertThat(dispatcher.executors()).containsEntry(LeafJob.class, leaf).hasSize(1);

        LeafJob job = new LeafJob();
        dispatcher.dispatch(job, bus);
        assertThat(assertEndedOnceWith(job.id(), JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("leaf");
    }

    @Test
    void executorWhoseJobTypeCannotBeResolvedFailsWithClearError() {
        Dispatcher dispatcher = bareDispatcher();

        assertThat(Dispatcher.resolveJobType(GenericExecutor.class)).isNull();
        assertThat(Dispatcher.resolveJobType(RawExecutor.class)).isNull();
        assertThatThrownBy(() -> dispatcher.register(new GenericExecutor<LeafJob>()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(GenericExecutor.class.getName())
                .hasMessageContaining("register(");
        assertThatThrownBy(() -> dispatcher.register(new RawExecutor()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RawExecutor.class.getName());
        assertThat(dispatcher.executors()).isEmpty();
    }

    @Test
    void explicitJobTypeRegistersAnExecutorWhoseTypeCannotBeResolved() {
        Dispatcher dispatcher = bareDispatcher();
        dispatcher.register(LeafJob.class, new GenericExecutor<LeafJob>());

        LeafJob job = new LeafJob();
        dispatcher.dispatch(job, bus);

        assertThat(assertEndedOnceWith(job.id(), JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("generic");
    }

    @Test
    void abstractJobClassIsRejected() {
        Dispatcher dispatcher = bareDispatcher();

        assertThatThrownBy(() -> dispatcher.register(AbstractJob.class, new AbstractJobExecutor()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AbstractJob.class.getName());
        assertThatThrownBy(() -> dispatcher.register(new AbstractJobExecutor()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AbstractJob.class.getName());
        assertThat(dispatcher.executors()).isEmpty();
    }

    @Test
    void oneExecutorInstanceCannotBeBoundToTwoDispatchers() {
        Dispatcher first = bareDispatcher();
        Dispatcher second = bareDispatcher();
        Leaf leaf = new Leaf();
        first.register(leaf);

        assertThatThrownBy(() -> second.register(leaf))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Leaf");
        assertThat(second.executors()).isEmpty();
        assertThat(first.executors()).containsEntry(LeafJob.class, leaf);
    }

    @Test
    void dispatchingTheSameJobInstanceTwiceFailsAndLeavesTheFirstRunAlone() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        TestJob job = new TestJob((j, e) -> blocker.block("first"));
        dispatcher.dispatch(job, bus);
        blocker.awaitEntered();

        assertThatThrownBy(() -> dispatcher.dispatch(job, bus))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(job.id());

        assertThat(dispatcher.isRunning(job.id())).isTrue();
        blocker.release();
        assertThat(assertEndedOnceWith(job.id(), JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("first");
        assertThat(recorder.eventsOf(job.id(), JobStartedEvent.class)).hasSize(1);
        assertThat(job.calls).hasValue(1);

        assertThatThrownBy(() -> dispatcher.dispatch(job, bus))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the registry still retains it");
        recorder.flush();
        assertThat(recorder.eventsOf(job.id())).hasSize(2);
        assertThat(job.calls).hasValue(1);
    }

    @Test
    void secondRunningJobWithTheSameExplicitIdFails() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        TestJob first = new TestJob(JobOptions.builder().id("same-id").build(), (j, e) -> blocker.block("first"));
        TestJob second = new TestJob(JobOptions.builder().id("same-id").build(), (j, e) -> "second");
        dispatcher.dispatch(first, bus);
        blocker.awaitEntered();

        assertThatThrownBy(() -> dispatcher.dispatch(second, bus))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("same-id");

        blocker.release();
        assertThat(assertEndedOnceWith("same-id", JobSuccessEvent.class))
                .extracting("data")
                .isEqualTo("first");
        assertThat(second.calls).hasValue(0);
        assertThat(recorder.eventsOf("same-id", JobStartedEvent.class)).hasSize(1);
    }

    @Test
    void activeJobsAreLimitedWhateverRunsThemAndTheRefusalNamesTheLimitAndTheProperty() throws Exception {
        ExecutorService unbounded = Executors.newCachedThreadPool(); // as virtual threads: no queue, no limit
        Dispatcher dispatcher = register(Dispatcher.builder()
                .config(quietConfig().maxActiveJobs(2).build())
                .defaultBus(bus)
                .executor(unbounded)
                .build());
        try {
            Blocker first = blocker();
            Blocker second = blocker();
            String firstId = dispatcher.dispatch(new TestJob((j, e) -> first.block("first")), bus);
            dispatcher.dispatch(new TestJob((j, e) -> second.block("second")), bus);
            TestJob refused = new TestJob((j, e) -> "refused");

            assertThatThrownBy(() -> dispatcher.dispatch(refused, bus))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("2 jobs are active (queued, running or waiting to retry)")
                    .hasMessageContaining("orchestrator.execution.max-active-jobs")
                    .hasMessageNotContaining("@");
            assertThat(dispatcher.registry().running(refused.id())).isEmpty();
            assertThat(dispatcher.registry().running(refused.id())).isEmpty();

            first.release();
            assertEndedOnceWith(firstId, JobSuccessEvent.class);
            // its place is given back just after its ending was emitted (Dispatcher.released), so a
            // dispatch right after the ending arrived may still be refused; soon one is accepted
            java.util.concurrent.atomic.AtomicReference<String> accepted =
                    new java.util.concurrent.atomic.AtomicReference<>();
            dev.orchestrator.Eventually.eventually().until(() -> {
                try {
                    accepted.set(dispatcher.dispatch(new TestJob((j, e) -> "accepted"), bus));
                    return true;
                } catch (RejectedExecutionException ex) {
                    return false;
                }
            });
            assertEndedOnceWith(accepted.get(), JobSuccessEvent.class);
            assertThat(refused.calls).hasValue(0);
        } finally {
            dispatcher.close();
            unbounded.shutdownNow();
        }
    }

    @Test
    void anIdOfAFinishedJobTheRegistryRetainsIsNotReusedAndItsHistoryEntryStays() {
        Dispatcher dispatcher = dispatcher();
        dispatcher.dispatch(new TestJob(JobOptions.builder().id("order-7").build(), (j, e) -> "first"), bus);
        assertEndedOnceWith("order-7", JobSuccessEvent.class);
        FinishedJob first = dispatcher.registry().finished("order-7").orElseThrow();
        TestJob again = new TestJob(JobOptions.builder().id("order-7").build(), (j, e) -> "second");

        assertThatThrownBy(() -> dispatcher.dispatch(again, bus))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'order-7'")
                .hasMessageContaining("retains")
                .hasMessageContaining("unique");

        assertThat(dispatcher.registry().running(again.id())).isEmpty();
        assertThat(again.calls).hasValue(0);
        assertThat(dispatcher.registry().finished("order-7")).contains(first);
        assertThat(dispatcher.registry().running("order-7")).isEmpty();
        assertThat(recorder.eventsOf("order-7", JobStartedEvent.class)).hasSize(1);
    }

    @Test
    void anIdIsFreeAgainOnceTheRegistryNoLongerRetainsItsJob() {
        Dispatcher dispatcher = Dispatcher.builder()
                .config(quietConfig().historyMaxSize(0).build())
                .defaultBus(bus)
                .build();
        dispatcher.register(new TestExecutor());
        try {
            dispatcher.dispatch(new TestJob(JobOptions.builder().id("nightly").build(), (j, e) -> "monday"), bus);
            assertEndedOnceWith("nightly", JobSuccessEvent.class);

            dispatcher.dispatch(new TestJob(JobOptions.builder().id("nightly").build(), (j, e) -> "tuesday"), bus);

            await().untilAsserted(() -> assertThat(recorder.eventsOf("nightly", JobSuccessEvent.class))
                    .extracting("data")
                    .containsExactly("monday", "tuesday"));
        } finally {
            dispatcher.close();
        }
    }

    @Test
    void dispatchersSharingARegistryKeepIdsUniqueAndOnlyTouchTheirOwnJobs() throws Exception {
        JobRegistry shared = new JobRegistry(quietConfig().build());
        Dispatcher first = Dispatcher.builder()
                .config(quietConfig().build())
                .defaultBus(bus)
                .registry(shared)
                .build();
        Dispatcher second = Dispatcher.builder()
                .config(quietConfig().build())
                .defaultBus(bus)
                .registry(shared)
                .build();
        first.register(executor);
        second.register(new TestExecutor());
        Blocker blocker = blocker();
        try {
            TestJob mine =
                    new TestJob(JobOptions.builder().id("shared-id").build(), (j, e) -> blocker.block("first's"));
            TestJob clash = new TestJob(JobOptions.builder().id("shared-id").build(), (j, e) -> "second's");
            first.dispatch(mine, bus);
            blocker.awaitEntered();

            assertThatThrownBy(() -> second.dispatch(clash, bus))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("shared-id")
                    .hasMessageContaining("already running");
            assertThat(shared.runningCount()).isEqualTo(1);
            assertThat(second.isRunning("shared-id"))
                    .as("not the second dispatcher's job")
                    .isFalse();
            assertThat(second.cancel("shared-id")).isFalse();
            assertThat(second.shutdown(Duration.ZERO))
                    .as("nothing of its own to wait for")
                    .isTrue();
            assertThat(first.isRunning("shared-id"))
                    .as("shutting the second down leaves the first's job alone")
                    .isTrue();

            blocker.release();
            assertThat(assertEndedOnceWith("shared-id", JobSuccessEvent.class))
                    .extracting("data")
                    .isEqualTo("first's");
            assertThat(clash.calls).hasValue(0);
        } finally {
            blocker.release();
            first.close();
            second.close();
        }
    }

    /**
     * A job cancelled by id between its registration and the pool's refusal ends once (cancelled),
     * and the dispatcher's count of running jobs stays right: a later shutdown still waits for the
     * jobs that really run instead of ending them at once.
     */
    @Test
    void cancelRacingARefusedDispatchKeepsTheRunningCountRight() throws Exception {
        ExecutorService workers = Executors.newCachedThreadPool();
        AtomicBoolean refuseNext = new AtomicBoolean(true);
        AtomicReference<Dispatcher> created = new AtomicReference<>();
        Executor pool = task -> {
            if (refuseNext.getAndSet(false)) {
                // an operator cancels the job by id (another thread), then the full pool refuses it
                Thread canceller = new Thread(() -> created.get().cancel("raced"));
                canceller.start();
                try {
                    canceller.join();
                } catch (InterruptedException ex) {
                    throw new AssertionError(ex);
                }
                throw new RejectedExecutionException("queue full");
            }
            workers.execute(task);
        };
        Dispatcher dispatcher = Dispatcher.builder()
                .config(quietConfig().build())
                .defaultBus(bus)
                .executor(pool)
                .build();
        created.set(dispatcher);
        dispatcher.register(executor);
        Blocker blocker = blocker();
        ExecutorService shutdownThread = Executors.newSingleThreadExecutor();
        try {
            assertThatThrownBy(() -> dispatcher.dispatch(
                            new TestJob(JobOptions.builder().id("raced").build(), (j, e) -> "never"), bus))
                    .isInstanceOf(RejectedExecutionException.class);
            assertEndedOnceWith("raced", JobCancelledEvent.class);
            assertThat(dispatcher.toString()).contains("running=0");

            TestJob real = new TestJob((j, e) -> blocker.block("finished in the grace period"));
            dispatcher.dispatch(real, bus);
            blocker.awaitEntered();
            AtomicReference<Thread> shuttingDown = new AtomicReference<>();
            Future<Boolean> inTime = shutdownThread.submit(() -> {
                shuttingDown.set(Thread.currentThread());
                return dispatcher.shutdown(Duration.ofSeconds(30));
            });
            await().atMost(SOON)
                    .until(() -> inTime.isDone()
                            || shuttingDown.get() != null
                                    && shuttingDown.get().getState() == Thread.State.TIMED_WAITING);
            assertThat(inTime.isDone()).as("shutdown waits for the running job").isFalse();
            blocker.release();

            assertThat(inTime.get(SOON.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(assertEndedOnceWith(real.id(), JobSuccessEvent.class))
                    .extracting("data")
                    .isEqualTo("finished in the grace period");
        } finally {
            blocker.release();
            dispatcher.close();
            shutdownThread.shutdownNow();
            workers.shutdownNow();
        }
    }

    @Test
    void nullJobOrBusIsRejectedNamingIt() {
        Dispatcher dispatcher = dispatcher();

        assertThatThrownBy(() -> dispatcher.dispatch(null, bus))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("job");
        assertThatThrownBy(() -> dispatcher.dispatch(new TestJob((j, e) -> null), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("bus");
        assertThat(dispatcher.registry().runningCount()).isZero();
    }
}
