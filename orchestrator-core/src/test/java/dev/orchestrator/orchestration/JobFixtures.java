package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small fixtures shared by the tests of the job package: jobs, executors, latches. Events are recorded
 * with the test kit's {@link dev.orchestrator.test.EventRecorder}.
 */
final class JobFixtures {

    /** Generous bound for anything that must happen "promptly". */
    static final Duration PROMPTLY = Duration.ofSeconds(2);
    /** Bound for waiting on a condition that should hold soon. */
    static final Duration SOON = Duration.ofSeconds(5);

    private JobFixtures() {}

    /** What a {@link TestJob} does when processed. */
    @FunctionalInterface
    interface Body {
        Object run(TestJob job, TestExecutor executor) throws Exception;
    }

    /** A job that carries its own behaviour, so one executor serves every scenario. */
    static final class TestJob extends BaseJob {
        final Body body;
        final AtomicInteger calls = new AtomicInteger();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        TestJob(Body body) {
            this(JobOptions.none(), body);
        }

        TestJob(JobOptions options, Body body) {
            super(options);
            this.body = body;
        }
    }

    /** Runs {@link TestJob}s by calling their body. */
    static final class TestExecutor extends BaseExecutor<TestJob> {
        TestExecutor() {}

        @Override
        protected Object process(TestJob job) throws Exception {
            job.calls.incrementAndGet();
            job.threads.add(Thread.currentThread());
            return job.body.run(job, this);
        }

        /** Lets a test body call the protected {@code emit}. */
        boolean emitForTest(TestJob job, BaseEvent event) {
            return emit(job, event);
        }

        /** Lets a test body call the protected {@code emitProgress}. */
        void progressForTest(TestJob job, double progress) {
            emitProgress(job, progress);
        }

        /** Lets a test body call the protected {@code context}. */
        JobContext contextForTest(TestJob job) {
            return context(job);
        }
    }

    /** A second job type, for which no executor is registered unless a test says so. */
    static final class OtherJob extends BaseJob {
        OtherJob() {}
    }

    /** A domain event, as an executor or a test would emit. */
    static final class CustomEvent extends BaseEvent {
        final String payload;

        CustomEvent(String correlationId, String payload) {
            super(correlationId);
            this.payload = payload;
        }
    }

    /**
     * A latch-driven stand-in for long work: {@code process} blocks until the test releases it, and
     * tells whether it was interrupted and when it has returned.
     */
    static final class Blocker {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch exited = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        final AtomicInteger interruptions = new AtomicInteger();

        /** Blocks, answering interruption by throwing {@link InterruptedException}. */
        Object block(Object result) throws InterruptedException {
            entered.countDown();
            try {
                release.await();
                return result;
            } catch (InterruptedException ex) {
                interrupted.set(true);
                throw ex;
            } finally {
                exited.countDown();
            }
        }

        /** Blocks until released, swallowing every interruption. */
        Object blockIgnoringInterrupts(Object result) {
            entered.countDown();
            try {
                while (true) {
                    try {
                        release.await();
                        return result;
                    } catch (InterruptedException ex) {
                        interrupted.set(true);
                        interruptions.incrementAndGet();
                    }
                }
            } finally {
                exited.countDown();
            }
        }

        void awaitEntered() throws InterruptedException {
            assertThat(entered.await(SOON.toMillis(), TimeUnit.MILLISECONDS))
                    .as("process was entered")
                    .isTrue();
        }

        void awaitExited() throws InterruptedException {
            assertThat(exited.await(SOON.toMillis(), TimeUnit.MILLISECONDS))
                    .as("process returned")
                    .isTrue();
        }

        boolean isStillBlocked() {
            return exited.getCount() == 1 && release.getCount() == 1;
        }

        void release() {
            release.countDown();
        }
    }

    /**
     * Worker threads for a dispatcher that count the tasks they finished, so that a test can wait
     * until no worker is inside a job any more (not even after {@code process} returned).
     */
    static final class TrackingExecutor implements java.util.concurrent.Executor {
        private final ExecutorService pool;
        private final AtomicInteger submitted = new AtomicInteger();
        private final AtomicInteger completed = new AtomicInteger();

        TrackingExecutor(int threads) {
            AtomicInteger count = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(threads, runnable -> {
                Thread thread = new Thread(runnable, "test-worker-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public void execute(Runnable task) {
            submitted.incrementAndGet();
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    completed.incrementAndGet();
                }
            });
        }

        /** Waits until every task handed to this executor has completely returned. */
        void awaitIdle() {
            eventually().until(() -> completed.get() == submitted.get());
        }

        void shutdown() {
            pool.shutdownNow();
        }
    }
}
