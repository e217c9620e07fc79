package dev.orchestrator.orchestration;

import static dev.orchestrator.test.OrchestratorAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.JobFixtures.Blocker;
import dev.orchestrator.orchestration.JobFixtures.TestExecutor;
import dev.orchestrator.orchestration.JobFixtures.TrackingExecutor;
import dev.orchestrator.test.EventRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Per-test wiring for the job package tests: a scoped bus with an {@link EventRecorder}, dispatchers
 * that are shut down after the test, and blockers that are released after it.
 */
abstract class JobTestBase {

    protected SignalBus bus;
    protected EventRecorder recorder;
    protected final TestExecutor executor = new TestExecutor();

    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private final List<TrackingExecutor> workerPools = new ArrayList<>();
    private final List<Blocker> blockers = new ArrayList<>();
    private final List<SignalBus> buses = new ArrayList<>();

    @BeforeEach
    void setUpBus() {
        bus = newBus("test-" + getClass().getSimpleName());
        recorder = EventRecorder.on(bus);
    }

    @AfterEach
    void tearDown() {
        blockers.forEach(Blocker::release);
        dispatchers.forEach(Dispatcher::close);
        workerPools.forEach(TrackingExecutor::shutdown);
        buses.forEach(SignalBus::close);
    }

    protected static OrchestratorConfig.Builder quietConfig() {
        return OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE);
    }

    protected SignalBus newBus(String name) {
        SignalBus created = SignalBus.builder(name).logger(NoOpLogger.INSTANCE).build();
        buses.add(created);
        return created;
    }

    /** A dispatcher on its own bounded pool, configured by {@code config}, with {@link #executor} registered. */
    protected Dispatcher dispatcher(UnaryOperator<OrchestratorConfig.Builder> config) {
        return register(Dispatcher.builder()
                .config(config.apply(quietConfig()).build())
                .defaultBus(bus)
                .build());
    }

    /** A dispatcher whose jobs run on {@code workers}, with {@link #executor} registered. */
    protected Dispatcher dispatcher(TrackingExecutor workers) {
        return register(Dispatcher.builder()
                .config(quietConfig().build())
                .defaultBus(bus)
                .executor(workers)
                .build());
    }

    /** A dispatcher with the default configuration (quiet), with {@link #executor} registered. */
    protected Dispatcher dispatcher() {
        return dispatcher(UnaryOperator.identity());
    }

    /** Worker threads that are shut down after the test. */
    protected TrackingExecutor workers(int threads) {
        TrackingExecutor workers = new TrackingExecutor(threads);
        workerPools.add(workers);
        return workers;
    }

    /** A dispatcher without any executor registered. */
    protected Dispatcher bareDispatcher() {
        Dispatcher created = Dispatcher.builder()
                .config(quietConfig().build())
                .defaultBus(bus)
                .build();
        dispatchers.add(created);
        return created;
    }

    protected Dispatcher register(Dispatcher created) {
        dispatchers.add(created);
        created.register(executor);
        return created;
    }

    protected Blocker blocker() {
        Blocker blocker = new Blocker();
        blockers.add(blocker);
        return blocker;
    }

    /**
     * Waits for the job's ending and for everything emitted so far to arrive, then asserts that the
     * job has exactly one terminal event, that it is of the given type and that nothing about the
     * job follows it.
     */
    protected JobEvent assertEndedOnceWith(String id, Class<? extends JobEvent> terminal) {
        assertThat(recorder).job(id).endedOnce().hasNothingAfterEnding();
        JobEvent ending = recorder.endings(id).get(0);
        assertThat(ending).as("ending of %s: %s", id, recorder.eventsOf(id)).isInstanceOf(terminal);
        return ending;
    }
}
