package dev.orchestrator.spring.cluster;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cluster.RemoteJobException;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.test.EventRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode through the real path: two or three "instances" (dispatcher + Kafka transport each)
 * on one embedded KRaft broker, with topics and a share group of each test's own. Instance A
 * dispatches and takes no jobs (concurrency 0) unless a test says otherwise, so every job runs on
 * another instance and its events come home through Kafka.
 */
class ClusterModeTest {

    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final List<TestNode> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        nodes.forEach(TestNode::close);
    }

    private TestNode node(String name, int concurrency) {
        return node(name, TestNode.settings(name + "-" + UUID.randomUUID(), prefix, concurrency));
    }

    private TestNode node(String name, dev.orchestrator.kafka.ClusterSettings settings) {
        TestNode node = new TestNode(name, settings);
        nodes.add(node);
        return node;
    }

    @Test
    void aJobRunsOnAnotherInstanceAndItsEventsComeHomeInOrderOnTheScopedBusItWasDispatchedOn() throws Exception {
        TestNode a = node("a", 0);
        WorkExecutor onA = new WorkExecutor("a");
        a.register(onA).start();
        TestNode b = node("b", 2);
        WorkExecutor onB = new WorkExecutor("b");
        b.register(onB).start();
        SignalBus orders = SignalBus.scoped("orders");
        EventRecorder onOrders = EventRecorder.on(orders);
        EventRecorder onGlobal = EventRecorder.on(a.global);

        WorkJob job = new WorkJob("progress", 0);
        JobHandle<String> handle = a.dispatcher.submit(job, orders, String.class);

        assertThat(handle.result().get(30, TimeUnit.SECONDS)).isEqualTo("b:1");
        assertThat(onOrders)
                .job(job.id())
                .succeeded()
                .hasEventTypes(
                        JobStartedEvent.class,
                        JobProgressEvent.class,
                        JobProgressEvent.class,
                        JobProgressEvent.class,
                        JobSuccessEvent.class);
        assertThat(onOrders.events(JobEvent.class))
                .extracting(BaseEvent::correlationId)
                .containsOnly(job.id());
        assertThat(onOrders.events(JobProgressEvent.class).stream()
                        .map(event -> event.message().orElseThrow()))
                .containsExactly("step 1", "step 2", "step 3");
        onGlobal.flush();
        assertThat(onGlobal.events(JobEvent.class)).isEmpty();
        assertThat(onA.started).isEmpty();
        assertThat(onB.started).containsExactly(job.id());
        assertThat(a.dispatcher.registry().finished(job.id()).orElseThrow().outcome())
                .isEqualTo(JobOutcome.SUCCESS);
        assertThat(b.transport.workerRegistry().orElseThrow().finished(job.id()))
                .isPresent();
        orders.close();
    }

    @Test
    void retriesRunOnTheInstanceThatTookTheJobAndEachRetryComesHome() throws Exception {
        TestNode a = node("a", 0);
        a.register(new WorkExecutor("a")).start();
        TestNode b = node("b", 1);
        WorkExecutor onB = new WorkExecutor("b");
        b.register(onB).start();
        WorkJob job = new WorkJob(
                "fail-twice",
                0,
                JobOptions.builder()
                        .retryPolicy(RetryPolicy.custom()
                                .maxRetries(3)
                                .baseDelay(Duration.ofMillis(20))
                                .build())
                        .build());
        EventRecorder events = EventRecorder.on(a.global);

        JobHandle<String> handle = a.dispatcher.submit(job, String.class);

        assertThat(handle.result().get(30, TimeUnit.SECONDS)).isEqualTo("b:1");
        assertThat(events)
                .job(job.id())
                .succeeded()
                .hasEventTypes(
                        JobStartedEvent.class, JobRetryingEvent.class, JobRetryingEvent.class, JobSuccessEvent.class);
        JobRetryingEvent second =
                events.eventsOf(job.id(), JobRetryingEvent.class).get(1);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.maxAttempts()).isEqualTo(4);
        assertThat(second.lastError()).isInstanceOf(RemoteJobException.class).hasMessageContaining("attempt 2 fails");
        assertThat(handle.attempt()).isEqualTo(3);
        assertThat(onB.attempts).hasValue(3);
    }

    @Test
    void aFailureComesHomeWithTheOriginalErrorTypeAndMessage() {
        TestNode a = node("a", 0);
        a.register(new WorkExecutor("a")).start();
        node("b", 1).register(new WorkExecutor("b")).start();
        WorkJob job = new WorkJob("fail", 0);
        EventRecorder events = EventRecorder.on(a.global);

        JobHandle<String> handle = a.dispatcher.submit(job, String.class);

        assertThatThrownBy(() -> handle.result().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(RemoteJobException.class)
                .hasMessage("java.lang.IllegalArgumentException: no good: " + job.id());
        assertThat(events)
                .job(job.id())
                .failedWith(RemoteJobException.class)
                .hasEventTypes(JobStartedEvent.class, JobFailureEvent.class);
        JobFailureEvent failure =
                events.eventsOf(job.id(), JobFailureEvent.class).get(0);
        assertThat(((RemoteJobException) failure.error()).remoteType())
                .isEqualTo(IllegalArgumentException.class.getName());
        assertThat(a.dispatcher.registry().finished(job.id()).orElseThrow().outcome())
                .isEqualTo(JobOutcome.FAILURE);
    }

    @Test
    void aTimeoutCountsFromTheStartOnTheRunningInstanceAndEndsAsATimeoutAtHome() {
        TestNode a = node("a", 0);
        a.register(new WorkExecutor("a")).start();
        node("b", 1).register(new WorkExecutor("b")).start();
        WorkJob job = new WorkJob(
                "sleep",
                30_000,
                JobOptions.builder().timeout(Duration.ofMillis(300)).build());
        EventRecorder events = EventRecorder.on(a.global);

        JobHandle<String> handle = a.dispatcher.submit(job, String.class);

        assertThatThrownBy(() -> handle.result().get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(TimeoutException.class);
        assertThat(events)
                .job(job.id())
                .timedOut()
                .hasEventTypes(JobStartedEvent.class, JobTimeoutEvent.class, JobFailureEvent.class);
        assertThat(events.eventsOf(job.id(), JobTimeoutEvent.class).get(0)).hasTimeout(Duration.ofMillis(300));
        assertThat(a.dispatcher.registry().finished(job.id()).orElseThrow().outcome())
                .isEqualTo(JobOutcome.TIMEOUT);
    }

    @Test
    void aCancelFromAnyInstanceReachesTheInstanceRunningTheJob() throws Exception {
        TestNode a = node("a", 0);
        a.register(new WorkExecutor("a")).start();
        TestNode b = node("b", 1);
        WorkExecutor onB = new WorkExecutor("b");
        b.register(onB).start();
        TestNode c = node("c", 0);
        c.register(new WorkExecutor("c")).start();
        WorkJob job = new WorkJob("sleep", 60_000);
        EventRecorder events = EventRecorder.on(a.global);
        JobHandle<String> handle = a.dispatcher.submit(job, String.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> onB.started.contains(job.id()));

        assertThat(c.dispatcher.cancel(job.id())).isTrue(); // C neither dispatched nor runs it

        assertThatThrownBy(() -> handle.result().get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(events).job(job.id()).wasCancelled().hasEventTypes(JobStartedEvent.class, JobCancelledEvent.class);
        assertThat(b.transport
                        .workerRegistry()
                        .orElseThrow()
                        .finished(job.id())
                        .orElseThrow()
                        .outcome())
                .isEqualTo(JobOutcome.CANCELLED);
    }

    @Test
    void aJobCancelledBeforeAnyInstanceTookItEndsWithoutRunningEvenOnAnInstanceStartedAfterTheCancel()
            throws Exception {
        TestNode a = node("a", 0);
        a.register(new WorkExecutor("a")).start();
        WorkJob job = new WorkJob("echo", 0);
        EventRecorder events = EventRecorder.on(a.global);
        JobHandle<String> handle = a.dispatcher.submit(job, String.class);

        assertThat(a.dispatcher.cancel(job.id())).isTrue();
        assertThat(handle.isDone()).isFalse(); // the ending comes from whoever takes the record
        TestNode b = node("b", 1); // started after the cancel: reads it from the control topic
        WorkExecutor onB = new WorkExecutor("b");
        b.register(onB).start();

        assertThatThrownBy(() -> handle.result().get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(events).job(job.id()).wasCancelled().hasEventTypes(JobCancelledEvent.class);
        assertThat(onB.started).isEmpty();
    }

    @Test
    void aGracefulStopHandsRunningJobsBackAndAnotherInstanceFinishesThemWithoutACancel() throws Exception {
        TestNode a = node("a", 0);
        a.register(new WorkExecutor("a")).start();
        TestNode b = node("b", 1);
        WorkExecutor onB = new WorkExecutor("b");
        b.register(onB).start();
        WorkJob job = new WorkJob("sleep", 2_000);
        EventRecorder events = EventRecorder.on(a.global);
        JobHandle<String> handle = a.dispatcher.submit(job, String.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> onB.started.contains(job.id()));

        assertThat(b.transport.stop(Duration.ZERO)).isFalse(); // handed back, not finished
        TestNode c = node("c", 1);
        WorkExecutor onC = new WorkExecutor("c");
        c.register(onC).start();

        assertThat(handle.result().get(30, TimeUnit.SECONDS)).isEqualTo("c:2");
        assertThat(events).job(job.id()).succeeded();
        assertThat(events).hasNo(JobCancelledEvent.class);
        assertThat(onC.deliveries).containsEntry(job.id(), 2);
        assertThat(b.transport.stats().released()).isEqualTo(1);
    }

    @Test
    void afterTheDeliveryLimitAJobEndsAsAFailureNamingItsDeliveries() throws Exception {
        TestNode a = node("a", 0);
        a.register(new WorkExecutor("a")).start();
        TestNode b = node("b", TestNode.settings("b-" + UUID.randomUUID(), prefix, 1, 1, java.util.Set.of()));
        WorkExecutor onB = new WorkExecutor("b");
        b.register(onB).start();
        WorkJob job = new WorkJob("sleep", 60_000);
        JobHandle<String> handle = a.dispatcher.submit(job, String.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> onB.started.contains(job.id()));
        b.transport.stop(Duration.ZERO); // its one delivery ends without an ending
        TestNode c = node("c", TestNode.settings("c-" + UUID.randomUUID(), prefix, 1, 1, java.util.Set.of()));
        WorkExecutor onC = new WorkExecutor("c");
        c.register(onC).start();

        assertThatThrownBy(() -> handle.result().get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(RemoteJobException.class)
                .hasMessageContaining("was delivered 2 times")
                .hasMessageContaining("orchestrator.cluster.delivery-limit");
        assertThat(onC.started).isEmpty();
        assertThat(c.transport.stats().deliveryLimitFailures()).isEqualTo(1);
    }

    @Test
    void aGracefulStopLetsARunningJobFinishWhileItsRecordIsRenewedAndNothingRunsItAgain() throws Exception {
        TestNode a = node("a", 0);
        a.register(new WorkExecutor("a")).start();
        TestNode b = node("b", 1);
        WorkExecutor onB = new WorkExecutor("b");
        b.register(onB).start();
        WorkJob job = new WorkJob("sleep", 3_500); // longer than three renewals (lock-renewal 1 s)
        JobHandle<String> handle = a.dispatcher.submit(job, String.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> onB.started.contains(job.id()));
        TestNode c = node("c", 1); // would take the job if B let go of it
        WorkExecutor onC = new WorkExecutor("c");
        c.register(onC).start();

        assertThat(b.transport.stop(Duration.ofSeconds(30))).isTrue(); // finished within the grace period

        assertThat(handle.result().get(30, TimeUnit.SECONDS)).isEqualTo("b:1");
        assertThat(b.transport.stats().released()).isZero();
        assertThat(b.log).noneMatch(line -> line.startsWith("ERROR"));
        // C would have taken a released record at once; the job id it never saw is the proof
        TestNode probe = c;
        WorkJob after = new WorkJob("echo", 0);
        assertThat(a.dispatcher.submit(after, String.class).result().get(30, TimeUnit.SECONDS))
                .isEqualTo("c:1");
        assertThat(onC.started).containsExactly(after.id());
        assertThat(probe.transport.stats().redelivered()).isZero();
    }

    @Test
    void aJobThatTheTakingInstanceCannotReadEndsAsAFailureAtItsDispatcherInsteadOfWaitingForEver() throws Exception {
        TestNode a = node("a", 0);
        a.register(new WorkExecutor("a")).start();
        TestNode b = node("b", 1); // no executor for WorkJob, and it is not in allowed-types
        b.start();
        WorkJob job = new WorkJob("echo", 0);
        EventRecorder events = EventRecorder.on(a.global);

        JobHandle<String> handle = a.dispatcher.submit(job, String.class);

        assertThatThrownBy(() -> handle.result().get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(RemoteJobException.class)
                .hasMessageContaining("could not read the job")
                .hasMessageContaining("allowed-types");
        assertThat(events).job(job.id()).failedWith(RemoteJobException.class).hasEventTypes(JobFailureEvent.class);
        assertThat(b.transport.stats().rejected()).isEqualTo(1);
        assertThat(b.log).anyMatch(line -> line.startsWith("ERROR Rejected record " + prefix + "jobs-"));
    }
}
