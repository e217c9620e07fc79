package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.JobFixtures.Blocker;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import dev.orchestrator.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Job handles: status, progress and attempts from application code, and the result once a job ends. */
class JobHandleTest extends JobTestBase {

    /** A job whose executor declares its result type. */
    static final class GreetingJob extends BaseJob {
        final String name;
        final boolean lie;

        GreetingJob(String name, boolean lie) {
            this.name = name;
            this.lie = lie;
        }
    }

    static final class GreetingExecutor extends BaseExecutor<GreetingJob> {
        @Override
        public Class<?> resultType() {
            return String.class;
        }

        @Override
        protected Object process(GreetingJob job) {
            return job.lie ? (Object) 42 : "Hello, " + job.name;
        }
    }

    private Dispatcher greetingDispatcher() {
        Dispatcher dispatcher = dispatcher();
        dispatcher.register(new GreetingExecutor());
        return dispatcher;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSubmittedJobsHandleCompletesWithItsResultAndShowsItsRecord() throws Exception {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> "done");

        JobHandle<Object> handle = dispatcher.submit(job);

        assertThat(handle.id()).isEqualTo(job.id());
        assertThat(await(handle.result())).isEqualTo("done");
        eventually().until(handle::isDone);
        assertThat(handle.progress()).isEqualTo(1.0);
        assertThat(handle.attempt()).isEqualTo(1);
        assertThat(handle.running()).isEmpty();
        assertThat(handle.finished()).hasValueSatisfying(record -> {
            assertThat(record.outcome()).isEqualTo(JobOutcome.SUCCESS);
            assertThat(record.attempts()).isEqualTo(1);
        });
        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
    }

    @Test
    void aTypedHandleHoldsTheExecutorsDeclaredResultType() throws Exception {
        Dispatcher dispatcher = greetingDispatcher();

        JobHandle<String> handle = dispatcher.submit(new GreetingJob("Ada", false), bus, String.class);
        String greeting = await(handle.result());

        assertThat(greeting).isEqualTo("Hello, Ada");
        assertThat(dispatcher.submit(new GreetingJob("Bob", false), bus, CharSequence.class))
                .as("a supertype of the declared result type is fine")
                .isNotNull();
    }

    @Test
    void aResultTypeTheExecutorDoesNotDeclareIsRefusedBeforeAnythingIsDispatched() {
        Dispatcher dispatcher = greetingDispatcher();
        GreetingJob job = new GreetingJob("Ada", false);

        assertThatThrownBy(() -> dispatcher.submit(job, bus, Integer.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GreetingExecutor declares results of type java.lang.String")
                .hasMessageContaining("JobHandle<Integer>")
                .hasMessageContaining("was not dispatched");

        assertThat(dispatcher.registry().running(job.id())).isEmpty();
        assertThat(dispatcher.registry().finished(job.id())).isEmpty();
        recorder.flush();
        assertThat(recorder.eventsOf(job.id())).isEmpty();
    }

    @Test
    void aResultOfAnotherTypeThanDeclaredFailsTheJobWithoutRetrying() throws Exception {
        Dispatcher dispatcher = greetingDispatcher();
        GreetingJob job = new GreetingJob("Ada", true);

        JobHandle<String> handle = dispatcher.submit(job, bus, String.class);

        assertThatThrownBy(() -> await(handle.result()))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ClassCastException.class)
                .hasMessageContaining("GreetingExecutor returned a java.lang.Integer")
                .hasMessageContaining("resultType() is java.lang.String");
        assertThat(((JobFailureEvent) assertEndedOnceWith(job.id(), JobFailureEvent.class)).attempts())
                .isEqualTo(1);
    }

    @Test
    void aFailedJobsResultCompletesExceptionallyWithItsError() {
        Dispatcher dispatcher = dispatcher();
        IOException error = new IOException("disk full");

        JobHandle<Object> handle = dispatcher.submit(new TestJob((j, e) -> {
            throw error;
        }));

        assertThatThrownBy(() -> await(handle.result()))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isSameAs(error);
    }

    @Test
    void aTimedOutJobsResultCompletesWithATimeoutException() {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();

        JobHandle<Object> handle = dispatcher.submit(new TestJob(
                JobOptions.builder().timeout(Duration.ofMillis(20)).build(), (j, e) -> blocker.block("late")));

        assertThatThrownBy(() -> await(handle.result()))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(TimeoutException.class);
        assertThat(handle.finished().orElseThrow().outcome()).isEqualTo(JobOutcome.TIMEOUT);
    }

    @Test
    void cancellingThroughTheHandleCancelsTheJobAndItsResult() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        JobHandle<Object> handle = dispatcher.submit(new TestJob((j, e) -> blocker.block("never")));
        blocker.awaitEntered();
        CompletableFuture<Object> result = handle.result();

        assertThat(handle.running())
                .hasValueSatisfying(snapshot -> assertThat(snapshot.status()).isEqualTo(JobStatus.RUNNING));
        assertThat(handle.cancel()).isTrue();

        assertThatThrownBy(() -> await(result)).isInstanceOf(CancellationException.class);
        assertThat(handle.cancel()).as("already ended").isFalse();
        assertThat(handle.finished().orElseThrow().outcome()).isEqualTo(JobOutcome.CANCELLED);
    }

    @Test
    void aJobIsFoundByIdWhileItRunsAndAfterItEndedWithoutItsResultValue() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        TestJob job =
                new TestJob(JobOptions.builder().retryPolicy(RetryPolicy.none()).build(), (j, e) -> {
                    e.progressForTest(j, 0.4);
                    return blocker.block("value");
                });
        dispatcher.dispatch(job, bus);
        blocker.awaitEntered();

        JobHandle<Object> live = dispatcher.job(job.id()).orElseThrow();
        eventually().until(() -> live.progress() == 0.4);
        assertThat(live.isDone()).isFalse();
        assertThat(live.attempt()).isEqualTo(1);
        blocker.release();
        assertThat(await(live.result()))
                .as("found while running: the result arrives")
                .isEqualTo("value");

        JobHandle<Object> late = dispatcher.job(job.id()).orElseThrow();
        assertThat(late.isDone()).isTrue();
        assertThat(late.finished().orElseThrow().outcome()).isEqualTo(JobOutcome.SUCCESS);
        assertThat(await(late.result()))
                .as("found after it ended: the value is not kept")
                .isNull();
        assertThat(dispatcher.job("no-such-job")).isEmpty();
    }

    @Test
    void aFailedJobFoundAfterItEndedReportsItsErrorSummary() {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> {
            throw new IllegalStateException("boom");
        });
        dispatcher.dispatch(job, bus);
        assertEndedOnceWith(job.id(), JobFailureEvent.class);

        assertThatThrownBy(() -> await(dispatcher.job(job.id()).orElseThrow().result()))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("IllegalStateException: boom");
    }

    @Test
    void callbacksNeverRunOnTheFrameworksThreadsAndEachResultIsACopy() throws Exception {
        Dispatcher dispatcher = dispatcher();
        Blocker blocker = blocker();
        JobHandle<Object> handle = dispatcher.submit(new TestJob((j, e) -> blocker.block("ok")));
        AtomicReference<String> callbackThread = new AtomicReference<>();
        CompletableFuture<Void> callback = handle.result()
                .thenAccept(value -> callbackThread.set(Thread.currentThread().getName()));
        CompletableFuture<Object> meddled = handle.result();
        meddled.complete("forged");

        blocker.release();
        await(callback);

        assertThat(callbackThread.get()).as("neither a worker nor the timer").startsWith("orchestrator-handle-");
        assertThat(await(handle.result())).isEqualTo("ok");
    }
}
