package dev.orchestrator.orchestration;

import static dev.orchestrator.Eventually.eventually;
import static dev.orchestrator.orchestration.OrchestrationFixtures.PASSIVE;
import static dev.orchestrator.orchestration.OrchestrationFixtures.STARTED;
import static dev.orchestrator.orchestration.OrchestrationFixtures.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.OrchestrationFixtures.ItemAddedEvent;
import dev.orchestrator.orchestration.OrchestrationFixtures.RecordingOrchestrator;
import dev.orchestrator.orchestration.OrchestrationFixtures.ScriptedJob;
import dev.orchestrator.orchestration.OrchestrationFixtures.UserLoggedInEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins that handlers of one orchestrator never run concurrently (contract point 3). */
class BaseOrchestratorConcurrencyTest {

    private static final int JOBS = 200;
    private static final int PROGRESS_PER_JOB = 3;
    private static final int THREADS = 4;
    private static final int PASSIVE_PER_THREAD = 100;

    private SignalBus bus;
    private Dispatcher dispatcher;
    private RecordingOrchestrator first;
    private RecordingOrchestrator second;
    private ExecutorService callers;

    @BeforeEach
    void setUp() {
        bus = OrchestrationFixtures.quietBus("test-concurrency");
        OrchestratorConfig config = OrchestratorConfig.custom()
                .logger(NoOpLogger.INSTANCE)
                .maxEventsPerSecond(1_000_000) // this test is about overlap, not about the circuit breaker
                .executionPoolSize(8)
                .build();
        dispatcher = OrchestrationFixtures.dispatcher(config, bus);
        first = new RecordingOrchestrator("first", dispatcher, bus);
        second = new RecordingOrchestrator("second", dispatcher, bus);
        callers = Executors.newFixedThreadPool(2 * THREADS);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        callers.shutdownNow();
        callers.awaitTermination(5, TimeUnit.SECONDS);
        first.close();
        second.close();
        dispatcher.close();
        bus.close();
    }

    /** Keeps a handler busy for a moment so that an overlapping call would be caught. */
    private static void linger(RecordingOrchestrator.Call call) {
        for (int i = 0; i < 200; i++) {
            Thread.onSpinWait();
        }
        Thread.yield();
    }

    @Test
    void handlersOfOneOrchestratorNeverOverlapUnderManyJobsAndEventsFromManyThreads() throws Exception {
        first.reaction = BaseOrchestratorConcurrencyTest::linger;
        second.reaction = BaseOrchestratorConcurrencyTest::linger;
        List<String> firstIds = new CopyOnWriteArrayList<>();
        List<String> secondIds = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            RecordingOrchestrator target = t % 2 == 0 ? first : second;
            List<String> ids = t % 2 == 0 ? firstIds : secondIds;
            int thread = t;
            tasks.add(callers.submit(() -> {
                go.await();
                for (int j = 0; j < JOBS / THREADS; j++) {
                    ids.add(target.dispatch(new ScriptedJob((executor, job) -> {
                        for (int p = 1; p <= PROGRESS_PER_JOB; p++) {
                            executor.progress(job, p / (double) PROGRESS_PER_JOB);
                        }
                        executor.domain(job, new ItemAddedEvent(job.id()));
                        executor.domain(job, new ItemAddedEvent("unrelated-" + job.id()));
                        return job.id();
                    })));
                }
                return null;
            }));
            tasks.add(callers.submit(() -> {
                go.await();
                for (int j = 0; j < PASSIVE_PER_THREAD; j++) {
                    bus.emit(new UserLoggedInEvent("user-" + thread + "-" + j));
                }
                return null;
            }));
        }

        go.countDown();
        for (Future<?> task : tasks) {
            task.get(10, TimeUnit.SECONDS);
        }
        int activePerJob = 1 + PROGRESS_PER_JOB + 1 + 1; // started, progress, own item event, success
        // passive for each: every login, the active events of the other's jobs, every unrelated item event
        int passivePerOrchestrator = THREADS * PASSIVE_PER_THREAD + JOBS / 2 * activePerJob + JOBS;
        eventually()
                .until(() -> first.eventsIn(SUCCESS).size() == JOBS / 2
                        && second.eventsIn(SUCCESS).size() == JOBS / 2
                        && first.eventsIn(PASSIVE).size() == passivePerOrchestrator
                        && second.eventsIn(PASSIVE).size() == passivePerOrchestrator);

        assertThat(first.maxInFlight.get()).isEqualTo(1);
        assertThat(second.maxInFlight.get()).isEqualTo(1);
        assertThat(first.hasActiveJobs()).isFalse();
        assertThat(second.hasActiveJobs()).isFalse();
        for (String id : firstIds) {
            List<String> hooks = first.hooksFor(id);
            assertThat(hooks).hasSize(activePerJob);
            assertThat(hooks.get(0)).isEqualTo(STARTED);
            assertThat(hooks.get(hooks.size() - 1)).isEqualTo(SUCCESS);
        }
        for (String id : secondIds) {
            assertThat(second.hooksFor(id))
                    .hasSize(activePerJob)
                    .startsWith(STARTED)
                    .endsWith(SUCCESS);
        }
    }
}
