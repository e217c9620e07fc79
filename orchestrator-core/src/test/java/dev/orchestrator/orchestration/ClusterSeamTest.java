package dev.orchestrator.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cluster.ClusterHome;
import dev.orchestrator.cluster.ClusterHome.Delivery;
import dev.orchestrator.cluster.JobTicket;
import dev.orchestrator.cluster.JobTransport;
import dev.orchestrator.config.JobDefaults;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.JobFixtures.Blocker;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.test.EventRecorder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The cluster seam of the dispatcher: in cluster mode a dispatch hands a {@link JobTicket} to the
 * {@link JobTransport} instead of running the job, the job's events come back through
 * {@link ClusterHome} and end it here exactly once, cancel goes to the cluster, and shutdown does not
 * wait for jobs that run elsewhere. On the instance that takes a job, {@link Dispatcher#execute}
 * runs it with the ticket's settings.
 *
 * <p>The transport is an in-memory fake that records what it is asked and keeps the home it was
 * opened with, so the test plays the part of the other instance.
 */
class ClusterSeamTest extends JobTestBase {

    private static final String INSTANCE = "node-a";
    private static final String RUNNER = "node-b";
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    /** Records tickets and cancels; keeps the home; can be told to refuse what it is sent. */
    static final class FakeTransport implements JobTransport {
        final List<JobTicket> sent = new CopyOnWriteArrayList<>();
        final List<String> cancelled = new CopyOnWriteArrayList<>();
        final AtomicInteger sendCalls = new AtomicInteger();
        final AtomicInteger opened = new AtomicInteger();
        volatile ClusterHome home;
        volatile RuntimeException sendFailure;

        @Override
        public void open(ClusterHome home) {
            opened.incrementAndGet();
            this.home = home;
        }

        @Override
        public String instanceId() {
            return INSTANCE;
        }

        @Override
        public void send(JobTicket ticket) {
            sendCalls.incrementAndGet();
            RuntimeException failure = sendFailure;
            if (failure != null) {
                throw failure;
            }
            sent.add(ticket);
        }

        @Override
        public void cancel(String jobId) {
            cancelled.add(jobId);
        }

        Delivery deliver(dev.orchestrator.event.JobEvent event, int attempt) {
            return home.deliver(event, attempt, RUNNER);
        }
    }

    /** An execution executor that counts what it is handed (and runs it, should it ever be). */
    static final class CountingExecutor implements Executor {
        final AtomicInteger executed = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            executed.incrementAndGet();
            Thread thread = new Thread(task, "counting-executor");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private final FakeTransport transport = new FakeTransport();
    private final CountingExecutor pool = new CountingExecutor();

    /** A dispatcher in cluster mode on {@link #transport}, default bus {@link #bus}, {@link #executor} registered. */
    private Dispatcher clustered() {
        return clustered(quietConfig());
    }

    private Dispatcher clustered(dev.orchestrator.config.OrchestratorConfig.Builder config) {
        return register(Dispatcher.builder()
                .config(config.build())
                .defaultBus(bus)
                .executor(pool)
                .transport(transport)
                .build());
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    // ---- 1. dispatch hands a ticket over and runs nothing here ---------------------------------------

    @Test
    void aClusteredDispatchSendsOneTicketWithTheJobsOwnSettingsAndRunsNothingHere() throws Exception {
        Dispatcher dispatcher = clustered(quietConfig()
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .jobDefaults(TestJob.class, JobDefaults.of(Duration.ofHours(1), RetryPolicy.none())));
        assertThat(transport.opened).as("open() is called once, when built").hasValue(1);
        assertThat(dispatcher.isClustered()).isTrue();
        assertThat(dispatcher.instanceId()).isEqualTo(INSTANCE);
        RetryPolicy ownPolicy = RetryPolicy.custom().maxRetries(4).build();
        TestJob job = new TestJob(
                JobOptions.builder()
                        .timeout(Duration.ofSeconds(42))
                        .retryPolicy(ownPolicy)
                        .build(),
                (j, e) -> "ran here");

        JobHandle<Object> handle = dispatcher.submit(job);

        assertThat(handle.id()).isEqualTo(job.id());
        assertThat(pool.executed).as("nothing handed to the execution executor").hasValue(0);
        assertThat(transport.sent).hasSize(1);
        JobTicket ticket = transport.sent.get(0);
        assertThat(ticket.job()).isSameAs(job);
        assertThat(ticket.jobId()).isEqualTo(job.id());
        assertThat(ticket.busName()).isEqualTo(bus.name());
        assertThat(ticket.origin()).isEqualTo(transport.instanceId());
        assertThat(ticket.timeout())
                .as("the job's own timeout, not the default")
                .isEqualTo(Duration.ofSeconds(42));
        assertThat(ticket.retryPolicy())
                .as("the job's own policy, not the default")
                .isSameAs(ownPolicy);
        assertThat(ticket.dispatchedAt()).isEqualTo(NOW);
        assertThat(ticket.chainDepth()).isZero();
        assertThat(handle.running()).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(snapshot.attempt()).isZero();
            assertThat(snapshot.instance())
                    .as("no event said where it runs yet")
                    .isNull();
        });
        assertThat(dispatcher.isRunning(job.id())).isTrue();

        // End it from "the other instance", then make sure process() never ran here.
        assertThat(transport.deliver(new JobSuccessEvent(job.id(), TestJob.class, "ran there"), 1))
                .isEqualTo(Delivery.APPLIED);
        assertThat(await(handle.result())).isEqualTo("ran there");
        recorder.flush();
        assertThat(job.calls).as("process() was never called here").hasValue(0);
        assertThat(pool.executed).hasValue(0);
        assertThat(transport.sent).hasSize(1);
    }

    @Test
    void aTicketCarriesTheConfiguredDefaultsForAJobWithoutItsOwnSettings() {
        RetryPolicy defaultPolicy = RetryPolicy.custom().maxRetries(2).build();
        Dispatcher dispatcher = clustered(
                quietConfig().jobDefaults(TestJob.class, JobDefaults.of(Duration.ofMinutes(7), defaultPolicy)));
        TestJob job = new TestJob((j, e) -> "ran here");

        dispatcher.dispatch(job);

        assertThat(transport.sent).singleElement().satisfies(ticket -> {
            assertThat(ticket.jobId()).isEqualTo(job.id());
            assertThat(ticket.origin()).isEqualTo(INSTANCE);
            assertThat(ticket.timeout()).isEqualTo(Duration.ofMinutes(7));
            assertThat(ticket.retryPolicy()).isSameAs(defaultPolicy);
        });
        assertThat(dispatcher.registry().running(job.id()))
                .hasValueSatisfying(snapshot -> assertThat(snapshot.status()).isEqualTo(JobStatus.QUEUED));
        assertThat(pool.executed).hasValue(0);
        assertThat(job.calls).hasValue(0);
    }

    @Test
    void withoutAnyDefaultsATicketHasNoTimeoutAndTheNoRetryPolicy() {
        Dispatcher dispatcher = clustered();
        TestJob job = new TestJob((j, e) -> "ran here");

        dispatcher.dispatch(job);

        JobTicket ticket = transport.sent.get(0);
        assertThat(ticket.timeout()).isNull();
        assertThat(ticket.timeout()).isNull();
        assertThat(ticket.retryPolicy().maxAttempts()).isEqualTo(1);
    }

    // ---- 2. events delivered home are emitted on the job's bus, exactly one ending ------------------

    @Test
    void deliveredEventsAreEmittedInOrderOnTheDispatchBusAndEndTheJobOnce() throws Exception {
        Dispatcher dispatcher = clustered();
        SignalBus scoped = newBus("cluster-scoped");
        EventRecorder onScoped = EventRecorder.on(scoped);
        TestJob job = new TestJob((j, e) -> "ran here");
        JobHandle<Object> handle = dispatcher.submit(job, scoped, Object.class);
        CompletableFuture<Object> result = handle.result();
        assertThat(transport.sent.get(0).busName()).isEqualTo("cluster-scoped");

        JobStartedEvent started = new JobStartedEvent(job.id(), TestJob.class);
        assertThat(transport.deliver(started, 1)).isEqualTo(Delivery.APPLIED);
        assertThat(handle.running()).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(snapshot.instance()).isEqualTo(RUNNER);
            assertThat(snapshot.attempt()).isEqualTo(1);
            assertThat(snapshot.bus()).isEqualTo("cluster-scoped");
            assertThat(snapshot.startedAt()).isNotNull();
        });
        assertThat(dispatcher.registry().running(job.id()))
                .hasValueSatisfying(snapshot -> assertThat(snapshot.instance()).isEqualTo(RUNNER));

        JobProgressEvent progress = new JobProgressEvent(job.id(), TestJob.class, 0.5, "halfway", null, null);
        assertThat(transport.deliver(progress, 1)).isEqualTo(Delivery.APPLIED);
        assertThat(handle.progress()).isEqualTo(0.5);
        assertThat(handle.running()).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.progressMessage()).isEqualTo("halfway");
            assertThat(snapshot.instance()).isEqualTo(RUNNER);
        });
        assertThat(result).isNotDone();

        JobSuccessEvent success = new JobSuccessEvent(job.id(), TestJob.class, "the data");
        assertThat(transport.deliver(success, 1)).isEqualTo(Delivery.APPLIED);

        assertThat(await(result)).isEqualTo("the data");
        assertThat(handle.isDone()).isTrue();
        assertThat(handle.running()).isEmpty();
        assertThat(dispatcher.registry().finished(job.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.SUCCESS);
            assertThat(finished.attempts()).isEqualTo(1);
            assertThat(finished.bus()).isEqualTo("cluster-scoped");
        });

        // A second ending, however it reads, is a duplicate and reaches no bus.
        assertThat(transport.deliver(new JobSuccessEvent(job.id(), TestJob.class, "again"), 2))
                .isEqualTo(Delivery.DUPLICATE);
        assertThat(transport.deliver(new JobFailureEvent(job.id(), TestJob.class, new IOException("late"), 2), 2))
                .isEqualTo(Delivery.DUPLICATE);
        assertThat(transport.deliver(new JobProgressEvent(job.id(), TestJob.class, 0.9, null, null, null), 2))
                .isEqualTo(Delivery.DUPLICATE);
        assertThat(transport.deliver(new JobSuccessEvent("never-dispatched", TestJob.class, "x"), 1))
                .isEqualTo(Delivery.UNKNOWN);

        onScoped.flush();
        recorder.flush();
        assertThat(onScoped.eventsOf(job.id()))
                .as("exactly what was applied, in order")
                .containsExactly(started, progress, success);
        assertThat(onScoped.eventsOf("never-dispatched")).isEmpty();
        assertThat(recorder.eventsOf(job.id())).as("nothing on the default bus").isEmpty();
        assertThat(await(handle.result())).as("the duplicate changed nothing").isEqualTo("the data");
        assertThat(job.calls).hasValue(0);
    }

    // ---- 3. a remote timeout --------------------------------------------------------------------------

    @Test
    void aDeliveredTimeoutThenFailureEndsTheJobAsATimeout() throws Exception {
        Dispatcher dispatcher = clustered();
        TestJob job =
                new TestJob(JobOptions.builder().timeout(Duration.ofMillis(300)).build(), (j, e) -> "x");
        JobHandle<Object> handle = dispatcher.submit(job);
        CompletableFuture<Object> result = handle.result();
        TimeoutException error = new TimeoutException("exceeded its timeout of PT0.3S");

        assertThat(transport.deliver(new JobStartedEvent(job.id(), TestJob.class), 1))
                .isEqualTo(Delivery.APPLIED);
        assertThat(transport.deliver(new JobTimeoutEvent(job.id(), TestJob.class, Duration.ofMillis(300)), 1))
                .isEqualTo(Delivery.APPLIED);
        assertThat(handle.isDone())
                .as("a timeout event alone does not end the job")
                .isFalse();
        assertThat(transport.deliver(new JobFailureEvent(job.id(), TestJob.class, error, 1), 1))
                .isEqualTo(Delivery.APPLIED);

        assertThatThrownBy(() -> await(result))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isSameAs(error);
        assertThat(dispatcher.registry().finished(job.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.TIMEOUT);
            assertThat(finished.attempts()).isEqualTo(1);
            assertThat(finished.error())
                    .hasValueSatisfying(summary -> assertThat(summary).contains("TimeoutException"));
        });
        assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(recorder.typesOf(job.id()))
                .containsExactly(JobStartedEvent.class, JobTimeoutEvent.class, JobFailureEvent.class);
    }

    @Test
    void aDeliveredFailureWithoutATimeoutIsAFailure() throws Exception {
        Dispatcher dispatcher = clustered();
        TestJob job = new TestJob((j, e) -> "x");
        JobHandle<Object> handle = dispatcher.submit(job);
        IOException error = new IOException("disk full");

        transport.deliver(new JobStartedEvent(job.id(), TestJob.class), 1);
        assertThat(transport.deliver(new JobFailureEvent(job.id(), TestJob.class, error, 3), 3))
                .isEqualTo(Delivery.APPLIED);

        assertThatThrownBy(() -> await(handle.result())).cause().isSameAs(error);
        assertThat(dispatcher.registry().finished(job.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.FAILURE);
            assertThat(finished.attempts()).isEqualTo(3);
        });
    }

    // ---- 4. cancel goes to the cluster ----------------------------------------------------------------

    @Test
    void cancelAsksTheClusterAndTheDeliveredCancelEndsTheJob() throws Exception {
        Dispatcher dispatcher = clustered();
        TestJob job = new TestJob((j, e) -> "x");
        JobHandle<Object> handle = dispatcher.submit(job);
        CompletableFuture<Object> result = handle.result();
        transport.deliver(new JobStartedEvent(job.id(), TestJob.class), 1);

        assertThat(dispatcher.cancel(job.id())).isTrue();

        assertThat(transport.cancelled).containsExactly(job.id());
        recorder.flush();
        assertThat(recorder.eventsOf(job.id(), JobCancelledEvent.class))
                .as("the ending comes from the cluster, not from here")
                .isEmpty();
        assertThat(handle.isDone()).isFalse();
        assertThat(result).isNotDone();
        assertThat(dispatcher.isRunning(job.id())).isTrue();

        assertThat(transport.deliver(new JobCancelledEvent(job.id(), TestJob.class), 1))
                .isEqualTo(Delivery.APPLIED);

        assertThatThrownBy(() -> await(result)).isInstanceOf(CancellationException.class);
        assertThat(dispatcher.registry().finished(job.id()))
                .hasValueSatisfying(finished -> assertThat(finished.outcome()).isEqualTo(JobOutcome.CANCELLED));
        assertEndedOnceWith(job.id(), JobCancelledEvent.class);
        assertThat(recorder.typesOf(job.id())).containsExactly(JobStartedEvent.class, JobCancelledEvent.class);

        assertThat(dispatcher.cancel(job.id()))
                .as("known to have ended here: not handed to the cluster again")
                .isFalse();
        assertThat(transport.cancelled).containsExactly(job.id());
    }

    @Test
    void cancelOfAJobThisInstanceNeverDispatchedGoesToTheCluster() {
        Dispatcher dispatcher = clustered();

        assertThat(dispatcher.cancel("dispatched-elsewhere")).isTrue();

        assertThat(transport.cancelled).containsExactly("dispatched-elsewhere");
    }

    @Test
    void cancellingThroughTheHandleAlsoAsksTheCluster() {
        Dispatcher dispatcher = clustered();
        TestJob job = new TestJob((j, e) -> "x");
        JobHandle<Object> handle = dispatcher.submit(job);

        assertThat(handle.cancel()).isTrue();

        assertThat(transport.cancelled).containsExactly(job.id());
        recorder.flush();
        assertThat(recorder.eventsOf(job.id())).isEmpty();
        assertThat(handle.isDone()).isFalse();
    }

    // ---- 5. shutdown does not wait for remote jobs ----------------------------------------------------

    @Test
    void shutdownDoesNotWaitForNorCancelARemoteJob() {
        Dispatcher dispatcher = clustered();
        TestJob job = new TestJob((j, e) -> "x");
        JobHandle<Object> handle = dispatcher.submit(job);
        java.util.concurrent.CompletableFuture<Object> askedBefore = handle.result();
        transport.deliver(new JobStartedEvent(job.id(), TestJob.class), 1);

        long begin = System.nanoTime();
        dispatcher.shutdown(Duration.ofSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        // its handles do not wait forever: they fail, saying the job goes on in the cluster
        for (java.util.concurrent.CompletableFuture<Object> result : List.of(askedBefore, handle.result())) {
            assertThatThrownBy(() -> result.get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("goes on in the cluster");
        }
        assertThat(transport.home.deliver(new JobSuccessEvent(job.id(), TestJob.class, "late"), 1, "node-b"))
                .isEqualTo(ClusterHome.Delivery.UNKNOWN);

        assertThat(took).as("a guard: far below the grace period").isLessThan(Duration.ofSeconds(2));
        recorder.flush();
        assertThat(recorder.eventsOf(job.id(), JobCancelledEvent.class)).isEmpty();
        assertThat(recorder.typesOf(job.id())).containsExactly(JobStartedEvent.class);
        assertThat(transport.cancelled).as("nor asked the cluster to cancel it").isEmpty();
    }

    @Test
    void aClusterWorkersExecutorFindsItsJobFromAnotherThreadNotTheWaitingCopyOfTheSameId() throws Exception {
        Dispatcher home = clustered();
        SignalBus relay = SignalBus.scoped("relay");
        EventRecorder onRelay = EventRecorder.on(relay);
        Dispatcher worker = home.clusterWorker(relay); // runs the executor registered on home
        CompletableFuture<Integer> seenFromAnotherThread = new CompletableFuture<>();
        TestJob job = new TestJob((j, e) -> {
            Thread helper = new Thread(() -> {
                try {
                    e.progressForTest(j, 0.5);
                    seenFromAnotherThread.complete(e.contextForTest(j).deliveryCount());
                } catch (RuntimeException ex) {
                    seenFromAnotherThread.completeExceptionally(ex);
                }
            });
            helper.start();
            helper.join();
            return "done";
        });
        home.dispatch(job); // the waiting copy here has the same id (and is the same instance)
        JobTicket ticket = transport.sent.get(0);
        // as read back from the wire: another instance with the same id
        TestJob taken = new TestJob(JobOptions.builder().id(job.id()).build(), job.body);
        JobTicket asTaken = new JobTicket(
                taken,
                ticket.busName(),
                ticket.origin(),
                ticket.timeout(),
                ticket.retryPolicy(),
                ticket.dispatchedAt(),
                ticket.chainDepth());

        JobHandle<Object> handle = worker.execute(asTaken, 2, relay);

        assertThat(await(handle.result())).isEqualTo("done");
        assertThat(await(seenFromAnotherThread)).isEqualTo(2);
        onRelay.flush();
        assertThat(onRelay.typesOf(job.id()))
                .containsExactly(JobStartedEvent.class, JobProgressEvent.class, JobSuccessEvent.class);
        worker.close();
        relay.close();
    }

    // ---- 6. a ticket that cannot be sent --------------------------------------------------------------

    @Test
    void aSendThatThrowsFailsTheDispatchAndRegistersNothing() {
        // one active job at most: a refused dispatch that still counted would refuse the next one
        Dispatcher dispatcher = clustered(quietConfig().maxActiveJobs(1));
        IllegalArgumentException refusal = new IllegalArgumentException("TestJob does not serialize");
        transport.sendFailure = refusal;
        TestJob job = new TestJob((j, e) -> "x");

        assertThatThrownBy(() -> dispatcher.dispatch(job)).isSameAs(refusal);

        assertThat(transport.sendCalls).hasValue(1);
        assertThat(dispatcher.isRunning(job.id())).isFalse();
        assertThat(dispatcher.registry().running(job.id())).isEmpty();
        assertThat(dispatcher.registry().runningCount()).isZero();
        assertThat(dispatcher.registry().finished(job.id())).isEmpty();
        assertThat(dispatcher.job(job.id())).isEmpty();
        recorder.flush();
        assertThat(recorder.eventsOf(job.id())).isEmpty();

        transport.sendFailure = null;
        assertThat(dispatcher.dispatch(job)).isEqualTo(job.id());

        assertThat(transport.sendCalls)
                .as("the second dispatch reached send again")
                .hasValue(2);
        assertThat(transport.sent)
                .singleElement()
                .satisfies(t -> assertThat(t.jobId()).isEqualTo(job.id()));
        assertThat(dispatcher.isRunning(job.id())).isTrue();
        assertThat(pool.executed).hasValue(0);
    }

    // ---- 7. execute: the taking instance runs a ticket with its settings -------------------------------

    @Test
    void executeRunsATicketLocallyWithTheTicketsTimeoutAndDeliveryCount() throws Exception {
        // this instance's defaults and the job's own options would let it block for an hour
        Dispatcher dispatcher = dispatcher(
                config -> config.jobDefaults(TestJob.class, JobDefaults.of(Duration.ofHours(1), RetryPolicy.none())));
        assertThat(dispatcher.isClustered()).isFalse();
        assertThat(dispatcher.instanceId()).isEqualTo("local");
        Blocker blocker = blocker();
        AtomicInteger deliveryCount = new AtomicInteger();
        TestJob job =
                new TestJob(JobOptions.builder().timeout(Duration.ofHours(1)).build(), (j, e) -> {
                    deliveryCount.set(e.contextForTest(j).deliveryCount());
                    return blocker.block("late");
                });
        JobTicket ticket = new JobTicket(job, bus.name(), "node-z", Duration.ofMillis(200), RetryPolicy.none(), NOW, 0);

        JobHandle<Object> handle = dispatcher.execute(ticket, 3, bus);

        assertThat(handle.id()).isEqualTo(job.id());
        assertThatThrownBy(() -> await(handle.result()))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(TimeoutException.class);
        assertEndedOnceWith(job.id(), JobFailureEvent.class);
        assertThat(recorder.typesOf(job.id()))
                .containsExactly(JobStartedEvent.class, JobTimeoutEvent.class, JobFailureEvent.class);
        assertThat(recorder.eventsOf(job.id(), JobTimeoutEvent.class).get(0).timeout())
                .isEqualTo(Duration.ofMillis(200));
        assertThat(deliveryCount).hasValue(3);
        assertThat(job.calls).hasValue(1);
        assertThat(dispatcher.registry().finished(job.id())).hasValueSatisfying(finished -> {
            assertThat(finished.outcome()).isEqualTo(JobOutcome.TIMEOUT);
            assertThat(finished.dispatchedAt())
                    .as("as dispatched, where it was")
                    .isEqualTo(NOW);
        });
        blocker.awaitExited();
        assertThat(blocker.interrupted).isTrue();
    }

    @Test
    void executeRetriesWithTheTicketsPolicy() throws Exception {
        // neither the job nor this instance allows a retry; the ticket does
        Dispatcher dispatcher =
                dispatcher(config -> config.jobDefaults(TestJob.class, JobDefaults.of(null, RetryPolicy.none())));
        RetryPolicy twoAttempts = RetryPolicy.custom()
                .maxRetries(1)
                .baseDelay(Duration.ofMillis(1))
                .exponentialBackoff(false)
                .build();
        List<Integer> deliveryCounts = new CopyOnWriteArrayList<>();
        TestJob job =
                new TestJob(JobOptions.builder().retryPolicy(RetryPolicy.none()).build(), (j, e) -> {
                    deliveryCounts.add(e.contextForTest(j).deliveryCount());
                    if (j.calls.get() == 1) {
                        throw new IOException("flaky");
                    }
                    return "second time lucky";
                });
        JobTicket ticket = new JobTicket(job, bus.name(), "node-z", null, twoAttempts, NOW, 0);

        JobHandle<Object> handle = dispatcher.execute(ticket, 3, bus);

        assertThat(await(handle.result())).isEqualTo("second time lucky");
        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(recorder.typesOf(job.id()))
                .containsExactly(JobStartedEvent.class, JobRetryingEvent.class, JobSuccessEvent.class);
        JobRetryingEvent retrying =
                recorder.eventsOf(job.id(), JobRetryingEvent.class).get(0);
        assertThat(retrying.attempt()).isEqualTo(1);
        assertThat(retrying.maxAttempts()).isEqualTo(2);
        assertThat(job.calls).hasValue(2);
        assertThat(deliveryCounts).containsExactly(3, 3);
        assertThat(handle.finished().orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void executeRefusesADeliveryCountBelowOne() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> "x");
        JobTicket ticket = new JobTicket(job, bus.name(), "node-z", null, RetryPolicy.none(), NOW, 0);

        assertThatThrownBy(() -> dispatcher.execute(ticket, 0, bus)).isInstanceOf(IllegalArgumentException.class);

        assertThat(dispatcher.isRunning(job.id())).isFalse();
        assertThat(dispatcher.registry().finished(job.id())).isEmpty();
    }
}
