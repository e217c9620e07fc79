package dev.orchestrator.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.test.EventRecorder;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core is compiled for Java 17 but takes any {@link java.util.concurrent.Executor}: on JDK 21+
 * (CI runs the build on JDK 25 too) jobs run unchanged on virtual threads, 2,000 of them blocked at
 * once, and cancellation interrupts a blocked virtual thread. On JDK 17 the same test runs on a
 * thread-per-task executor of platform threads, which proves the same "any executor" promise.
 */
class VirtualThreadExecutorTest {

    static final int JOBS = 2_000;

    static final class SleepyJob extends BaseJob {
        SleepyJob(CancellationToken token) {
            super(JobOptions.builder().cancellationToken(token).build());
        }
    }

    static final class SleepyExecutor extends BaseExecutor<SleepyJob> {
        final CountDownLatch allBlocked = new CountDownLatch(JOBS);
        final CountDownLatch release = new CountDownLatch(1);
        final Map<String, Boolean> ranOnVirtualThread = new ConcurrentHashMap<>();

        SleepyExecutor(ExecutorService executor) {
            super(executor);
        }

        @Override
        protected Object process(SleepyJob job) throws Exception {
            ranOnVirtualThread.put(job.id(), isVirtual(Thread.currentThread()));
            allBlocked.countDown();
            release.await(); // a blocking call: parks a virtual thread, blocks a platform one
            return job.id();
        }
    }

    private ExecutorService executor;
    private Dispatcher dispatcher;
    private SignalBus bus;

    @AfterEach
    void tearDown() {
        dispatcher.close();
        bus.close();
        executor.shutdownNow();
    }

    @Test
    void jobsRunUnchangedOnVirtualThreadsWhenTheJdkHasThem() throws Exception {
        boolean virtual = Runtime.version().feature() >= 21;
        executor = virtual ? newVirtualThreadPerTaskExecutor() : java.util.concurrent.Executors.newCachedThreadPool();
        dispatcher = new Dispatcher(
                OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build());
        SleepyExecutor sleepy = new SleepyExecutor(executor);
        dispatcher.register(sleepy);
        bus = SignalBus.builder("virtual")
                .logger(NoOpLogger.INSTANCE)
                .subscriberCapacity(JOBS * 4)
                .build();
        EventRecorder events = EventRecorder.on(bus).within(Duration.ofSeconds(30));

        CancellationToken cancelled = new CancellationToken();
        String cancelledId = dispatcher.dispatch(new SleepyJob(cancelled), bus);
        List<String> others = new ArrayList<>();
        for (int i = 1; i < JOBS; i++) {
            others.add(dispatcher.dispatch(new SleepyJob(new CancellationToken()), bus));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sleepy.allBlocked.getCount() == 0);
        assertThat(dispatcher.registry().runningCount()).isEqualTo(JOBS);
        assertThat(sleepy.ranOnVirtualThread.values()).containsOnly(virtual);

        cancelled.cancel(); // interrupts the blocked (virtual) thread; the event does not wait for it
        events.awaitEvent(cancelledId, JobCancelledEvent.class, Duration.ofSeconds(5));
        sleepy.release.countDown();

        others.forEach(events::awaitEnding);
        assertThat(events.typesOf(cancelledId)).containsExactly(JobStartedEvent.class, JobCancelledEvent.class);
        for (String id : others) {
            assertThat(events.typesOf(id)).containsExactly(JobStartedEvent.class, JobSuccessEvent.class);
        }
        assertThat(events.events()).as("nothing but the jobs' events").hasSize(2 * JOBS);
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor() throws Exception {
        Method factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        return (ExecutorService) factory.invoke(null);
    }

    private static boolean isVirtual(Thread thread) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (NoSuchMethodException onJdk17) {
            return false;
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
