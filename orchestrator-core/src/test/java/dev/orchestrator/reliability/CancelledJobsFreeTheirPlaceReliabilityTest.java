package dev.orchestrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reliability suite, cancels under load: a job cancelled while it waits for a worker gives its place
 * in the queue back at once. 5,000 jobs wait behind two busy workers (the queue is full), 4,000 of
 * them are cancelled, and 4,000 new jobs are then all accepted; the refusal of a full queue counts
 * live jobs, in words.
 */
@Tag("reliability")
class CancelledJobsFreeTheirPlaceReliabilityTest {

    static final int WORKERS = 2;
    static final int QUEUE = 5_000;
    static final int CANCELLED = 4_000;

    static final class QueuedJob extends BaseJob {
        final CountDownLatch release;

        QueuedJob(CountDownLatch release) {
            this.release = release;
        }
    }

    static final class QueuedExecutor extends BaseExecutor<QueuedJob> {
        @Override
        protected Object process(QueuedJob job) throws InterruptedException {
            job.release.await();
            return "done";
        }
    }

    private final CountDownLatch busy = new CountDownLatch(1);
    private final CountDownLatch free = new CountDownLatch(0);
    private final SignalBus bus =
            SignalBus.builder("cancels").logger(NoOpLogger.INSTANCE).build();
    private final Dispatcher dispatcher = Dispatcher.builder()
            .config(OrchestratorConfig.custom()
                    .logger(NoOpLogger.INSTANCE)
                    .executionPoolSize(WORKERS)
                    .executionQueueCapacity(QUEUE)
                    .build())
            .defaultBus(bus)
            .build();

    @AfterEach
    void tearDown() {
        busy.countDown();
        dispatcher.close();
        bus.close();
    }

    @Test
    void jobsCancelledWhileWaitingGiveTheirPlaceBackAndTheRefusalCountsLiveJobs() {
        dispatcher.register(new QueuedExecutor());
        Set<String> started = ConcurrentHashMap.newKeySet();
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        Set<String> cancelled = ConcurrentHashMap.newKeySet();
        bus.subscribe(JobStartedEvent.class, event -> started.add(event.correlationId()));
        bus.subscribe(JobSuccessEvent.class, event -> succeeded.add(event.correlationId()));
        bus.subscribe(JobCancelledEvent.class, event -> cancelled.add(event.correlationId()));
        for (int i = 0; i < WORKERS; i++) {
            dispatcher.dispatch(new QueuedJob(busy));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == WORKERS);
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < QUEUE; i++) {
            waiting.add(dispatcher.dispatch(new QueuedJob(free)));
        }
        assertThatThrownBy(() -> dispatcher.dispatch(new QueuedJob(free)))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining(QUEUE + " jobs wait for one of its " + WORKERS + " workers")
                .hasMessageContaining("orchestrator.execution.queue-capacity")
                .hasMessageNotContaining("@");

        long cancelStart = System.nanoTime();
        for (String id : waiting.subList(0, CANCELLED)) {
            assertThat(dispatcher.cancel(id)).isTrue();
        }
        long cancelMs = (System.nanoTime() - cancelStart) / 1_000_000;
        List<String> replacements = new ArrayList<>();
        for (int i = 0; i < CANCELLED; i++) {
            replacements.add(dispatcher.dispatch(new QueuedJob(free))); // throws if a dead job held a place
        }
        assertThatThrownBy(() -> dispatcher.dispatch(new QueuedJob(free)))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining(QUEUE + " jobs wait");

        busy.countDown();
        int live = WORKERS + (QUEUE - CANCELLED) + CANCELLED;
        await().atMost(Duration.ofSeconds(60)).until(() -> succeeded.size() == live);
        await().atMost(Duration.ofSeconds(10)).until(() -> cancelled.size() == CANCELLED);
        System.out.printf(
                "RELIABILITY: cancels-under-load workers=%d queue=%d cancelledWhileWaiting=%d (in %d ms)"
                        + " acceptedAfterwards=%d succeeded=%d startedOfCancelled=%d%n",
                WORKERS,
                QUEUE,
                cancelled.size(),
                cancelMs,
                replacements.size(),
                succeeded.size(),
                waiting.subList(0, CANCELLED).stream().filter(started::contains).count());
        assertThat(replacements).hasSize(CANCELLED).doesNotHaveDuplicates();
        assertThat(succeeded).containsAll(replacements).containsAll(waiting.subList(CANCELLED, QUEUE));
        assertThat(waiting.subList(0, CANCELLED)).noneMatch(started::contains).allMatch(cancelled::contains);
    }
}
