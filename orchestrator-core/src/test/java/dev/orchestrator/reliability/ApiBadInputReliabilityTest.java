package dev.orchestrator.reliability;

import static dev.orchestrator.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.ExecutorNotFoundException;
import dev.orchestrator.orchestration.JobContext;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.test.EventRecorder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reliability suite, bad input through the engine's API (contract point 11): every bad argument to the
 * dispatcher, executors, orchestrators, buses and the registry fails at once with a message naming the
 * parameter and the bad value, and leaves nothing half done (no job registered or tracked, no event
 * emitted, no executor registered). The value objects' own checks are {@code BadInputTest}'s; the
 * {@code orchestrator.*} properties are the starter's {@code PropertiesBadInputReliabilityTest}.
 */
@Tag("reliability")
class ApiBadInputReliabilityTest {

    static final class GoodJob extends BaseJob {
        final boolean blocks;

        GoodJob(boolean blocks) {
            this.blocks = blocks;
        }

        GoodJob(String id, boolean blocks) {
            super(id);
            this.blocks = blocks;
        }
    }

    static final class UnknownJob extends BaseJob {}

    static final class OtherJob extends BaseJob {}

    abstract static class AbstractJob extends BaseJob {}

    /** Runs GoodJobs; exposes the protected helpers so that the table can call them with bad values. */
    static final class GoodExecutor extends BaseExecutor<GoodJob> {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger blocking = new AtomicInteger();

        GoodExecutor() {}

        GoodExecutor(Executor executor) {
            super(executor);
        }

        @Override
        public Class<?> resultType() {
            return String.class;
        }

        @Override
        protected Object process(GoodJob job) throws InterruptedException {
            if (job.blocks) {
                blocking.incrementAndGet();
                started.countDown();
                release.await();
            }
            return "ok";
        }

        void progress(GoodJob job, double value, Integer currentStep, Integer totalSteps) {
            emitProgress(job, value, "bad", currentStep, totalSteps);
        }

        void step(GoodJob job, int currentStep, int totalSteps) {
            emitStep(job, currentStep, totalSteps, "bad");
        }

        boolean emitEvent(GoodJob job, BaseEvent event) {
            return emit(job, event);
        }

        void check(GoodJob job) {
            throwIfCancelled(job);
        }

        JobContext contextOf(GoodJob job) {
            return context(job);
        }
    }

    static final class OtherGoodExecutor extends BaseExecutor<GoodJob> {
        @Override
        protected Object process(GoodJob job) {
            return "other";
        }
    }

    static final class OtherJobExecutor extends BaseExecutor<OtherJob> {
        @Override
        protected Object process(OtherJob job) {
            return "other";
        }
    }

    /** Its job type is a type variable: it cannot be read from the declaration. */
    static final class GenericExecutor<J extends BaseJob> extends BaseExecutor<J> {
        @Override
        protected Object process(J job) {
            return null;
        }
    }

    static final class TestOrchestrator extends BaseOrchestrator<String> {
        TestOrchestrator(String initialState, Dispatcher dispatcher, SignalBus bus) {
            super(initialState, dispatcher, bus);
            start();
        }

        TestOrchestrator(String initialState, Dispatcher dispatcher) {
            super(initialState, dispatcher);
            start();
        }

        void state(String newState) {
            emit(newState);
        }

        String update(UnaryOperator<String> update) {
            return updateState(update);
        }

        @SafeVarargs
        final dev.orchestrator.bus.Subscription hear(SignalBus other, Class<? extends BaseEvent>... types) {
            return listenTo(other, types);
        }
    }

    /** An event type for the rows of {@code listenTo}. */
    static final class DomainEvent extends BaseEvent {
        DomainEvent() {
            super("domain");
        }
    }

    /** A fresh engine per row: a bus with an {@link EventRecorder}, a dispatcher (2 workers, 2 queue slots), an executor. */
    static final class Fixture implements AutoCloseable {
        final SignalBus bus =
                SignalBus.builder("bad-input").logger(NoOpLogger.INSTANCE).build();
        final Dispatcher dispatcher = Dispatcher.builder()
                .defaultBus(bus)
                .config(OrchestratorConfig.custom()
                        .logger(NoOpLogger.INSTANCE)
                        .executionPoolSize(2)
                        .executionQueueCapacity(2)
                        .build())
                .build();
        final GoodExecutor executor = new GoodExecutor();
        final EventRecorder events = EventRecorder.on(bus);
        final List<AutoCloseable> closeables = new ArrayList<>();
        TestOrchestrator orchestrator;
        GoodJob job;
        OtherJobExecutor shared;

        Fixture() {
            dispatcher.register(executor);
        }

        TestOrchestrator orchestrator() {
            if (orchestrator == null) {
                orchestrator = new TestOrchestrator("idle", dispatcher, bus);
            }
            return orchestrator;
        }

        /** Dispatches a job that blocks until the fixture closes, and waits until it runs. */
        GoodJob running(String id) throws InterruptedException {
            GoodJob running = id == null ? new GoodJob(true) : new GoodJob(id, true);
            dispatcher.dispatch(running);
            assertThat(executor.started.await(5, TimeUnit.SECONDS))
                    .as("blocking job started")
                    .isTrue();
            return running;
        }

        /** Dispatches a job and waits for its terminal event. */
        GoodJob ended() {
            GoodJob ended = new GoodJob(false);
            dispatcher.dispatch(ended);
            events.awaitEnding(ended.id());
            return ended;
        }

        /** Waits until every event emitted so far has been recorded (per-subscriber FIFO), and returns them. */
        List<BaseEvent> settledEvents() {
            return events.flush().events();
        }

        @Override
        public void close() throws Exception {
            executor.release.countDown();
            if (orchestrator != null) {
                orchestrator.close();
            }
            for (AutoCloseable closeable : closeables) {
                closeable.close();
            }
            dispatcher.close();
            bus.close();
        }
    }

    interface Setup {
        void prepare(Fixture f) throws Exception;
    }

    interface Call {
        void run(Fixture f) throws Throwable;
    }

    private static final Class<NullPointerException> NPE = NullPointerException.class;
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Class<IllegalStateException> ISE = IllegalStateException.class;
    private static final Setup NOTHING = f -> {};

    private static Arguments row(
            String member,
            String description,
            Setup setup,
            Call call,
            Class<? extends Throwable> type,
            String... messageParts) {
        return Arguments.of(member, description, setup, call, type, List.of(messageParts));
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                // ---- Dispatcher: registration ----
                row(
                        "Dispatcher#register",
                        "register(null)",
                        NOTHING,
                        f -> f.dispatcher.register((BaseExecutor<GoodJob>) null),
                        NPE,
                        "executor must not be null"),
                row(
                        "Dispatcher#register",
                        "register(null, executor)",
                        NOTHING,
                        f -> f.dispatcher.register(null, new OtherGoodExecutor()),
                        NPE,
                        "jobType must not be null"),
                row(
                        "Dispatcher#register",
                        "register(GoodJob, null)",
                        NOTHING,
                        f -> f.dispatcher.register(GoodJob.class, null),
                        NPE,
                        "executor must not be null"),
                row(
                        "Dispatcher#register",
                        "register(an abstract job type, executor)",
                        NOTHING,
                        f -> f.dispatcher.register(AbstractJob.class, new GenericExecutor<AbstractJob>()),
                        IAE,
                        "jobType",
                        AbstractJob.class.getName()),
                row(
                        "Dispatcher#register",
                        "register(BaseJob.class, executor)",
                        NOTHING,
                        f -> f.dispatcher.register(BaseJob.class, new GenericExecutor<BaseJob>()),
                        IAE,
                        "jobType",
                        BaseJob.class.getName()),
                row(
                        "Dispatcher#register",
                        "register(an executor whose job type is a type variable)",
                        NOTHING,
                        f -> f.dispatcher.register(new GenericExecutor<GoodJob>()),
                        IAE,
                        GenericExecutor.class.getName(),
                        "register(YourJob.class, executor)"),
                row(
                        "Dispatcher#register",
                        "register a second executor for one job type",
                        NOTHING,
                        f -> f.dispatcher.register(new OtherGoodExecutor()),
                        ISE,
                        GoodJob.class.getName(),
                        "GoodExecutor",
                        "OtherGoodExecutor"),
                row(
                        "Dispatcher#register",
                        "register an executor bound to another dispatcher",
                        f -> {
                            Dispatcher other = Dispatcher.builder()
                                    .config(OrchestratorConfig.custom()
                                            .logger(NoOpLogger.INSTANCE)
                                            .build())
                                    .defaultBus(f.bus)
                                    .build();
                            f.closeables.add(other);
                            f.shared = new OtherJobExecutor();
                            other.register(f.shared);
                        },
                        f -> f.dispatcher.register(f.shared),
                        ISE,
                        "OtherJobExecutor",
                        "is already registered with another dispatcher"),

                // ---- Dispatcher: dispatch ----
                row(
                        "Dispatcher#dispatch",
                        "dispatch(null)",
                        NOTHING,
                        f -> f.dispatcher.dispatch(null),
                        NPE,
                        "job must not be null"),
                row(
                        "Dispatcher#dispatch",
                        "dispatch(job, null bus)",
                        NOTHING,
                        f -> f.dispatcher.dispatch(new GoodJob(false), null),
                        NPE,
                        "bus must not be null"),
                row(
                        "Dispatcher#dispatch",
                        "dispatch(a job type without executor)",
                        NOTHING,
                        f -> f.dispatcher.dispatch(new UnknownJob()),
                        ExecutorNotFoundException.class,
                        UnknownJob.class.getName(),
                        "registered job types: " + GoodJob.class.getName()),
                row(
                        "Dispatcher#dispatch",
                        "dispatch the same running instance again",
                        f -> f.job = f.running(null),
                        f -> f.dispatcher.dispatch(f.job),
                        ISE,
                        "already running"),
                row(
                        "Dispatcher#dispatch",
                        "dispatch an instance that already ended",
                        f -> f.job = f.ended(),
                        f -> f.dispatcher.dispatch(f.job),
                        ISE,
                        "the registry still retains it"),
                row(
                        "Dispatcher#dispatch",
                        "dispatch a new job with a running job's id",
                        f -> f.running("duplicate-id"),
                        f -> f.dispatcher.dispatch(new GoodJob("duplicate-id", false)),
                        ISE,
                        "duplicate-id",
                        "already running"),
                row(
                        "Dispatcher#dispatch",
                        "dispatch when 2 workers and 2 queue slots are taken",
                        f -> {
                            f.running(null);
                            f.dispatcher.dispatch(new GoodJob(true));
                            eventually()
                                    .until(() ->
                                            f.executor.blocking.get() == 2); // both workers busy: nothing more starts
                            for (int i = 0; i < 2; i++) {
                                f.dispatcher.dispatch(new GoodJob(true));
                            }
                        },
                        f -> f.dispatcher.dispatch(new GoodJob("one-too-many", false)),
                        RejectedExecutionException.class,
                        "one-too-many",
                        "executionQueueCapacity"),
                row(
                        "Dispatcher#dispatch",
                        "dispatch after shutdown",
                        f -> f.dispatcher.shutdown(Duration.ZERO),
                        f -> f.dispatcher.dispatch(new GoodJob("after-shutdown", false)),
                        RejectedExecutionException.class,
                        "shut down",
                        "after-shutdown"),
                row(
                        "Dispatcher#shutdown",
                        "shutdown(null)",
                        NOTHING,
                        f -> f.dispatcher.shutdown(null),
                        NPE,
                        "gracePeriod"),
                row(
                        "Dispatcher#shutdown",
                        "shutdown(-1s)",
                        NOTHING,
                        f -> f.dispatcher.shutdown(Duration.ofSeconds(-1)),
                        IAE,
                        "gracePeriod",
                        "PT-1S"),
                row(
                        "Dispatcher#submit",
                        "submit(null)",
                        NOTHING,
                        f -> f.dispatcher.submit(null),
                        NPE,
                        "job must not be null"),
                row(
                        "Dispatcher#submit",
                        "submit(job, bus, null)",
                        NOTHING,
                        f -> f.dispatcher.submit(new GoodJob(false), f.bus, null),
                        NPE,
                        "resultType must not be null"),
                row(
                        "Dispatcher#submit",
                        "a result type the executor does not declare",
                        NOTHING,
                        f -> f.dispatcher.submit(new GoodJob("typed-1", false), f.bus, Integer.class),
                        IAE,
                        "GoodExecutor declares results of type java.lang.String",
                        "JobHandle<Integer>",
                        "'typed-1'"),
                row("Dispatcher#job", "job(null)", NOTHING, f -> f.dispatcher.job(null), NPE, "jobId must not be null"),
                row(
                        "Dispatcher#cancel",
                        "cancel(null)",
                        NOTHING,
                        f -> f.dispatcher.cancel(null),
                        NPE,
                        "jobId must not be null"),
                row(
                        "Dispatcher#isRunning",
                        "isRunning(null)",
                        NOTHING,
                        f -> f.dispatcher.isRunning(null),
                        NPE,
                        "jobId must not be null"),
                row(
                        "Dispatcher#new",
                        "new Dispatcher(null)",
                        NOTHING,
                        f -> new Dispatcher(null),
                        NPE,
                        "config must not be null"),
                row(
                        "Dispatcher.Builder#config",
                        "config(null)",
                        NOTHING,
                        f -> Dispatcher.builder().config(null),
                        NPE,
                        "config"),
                row(
                        "Dispatcher.Builder#registry",
                        "registry(null)",
                        NOTHING,
                        f -> Dispatcher.builder().registry(null),
                        NPE,
                        "registry"),
                row(
                        "Dispatcher.Builder#defaultBus",
                        "defaultBus(null)",
                        NOTHING,
                        f -> Dispatcher.builder().defaultBus(null),
                        NPE,
                        "defaultBus"),
                row(
                        "Dispatcher.Builder#executor",
                        "executor(null)",
                        NOTHING,
                        f -> Dispatcher.builder().executor(null),
                        NPE,
                        "executor"),
                row(
                        "Dispatcher.Builder#scheduler",
                        "scheduler(null)",
                        NOTHING,
                        f -> Dispatcher.builder().scheduler(null),
                        NPE,
                        "scheduler"),
                row(
                        "Dispatcher.Builder#handleExecutor",
                        "handleExecutor(null)",
                        NOTHING,
                        f -> Dispatcher.builder().handleExecutor(null),
                        NPE,
                        "handleExecutor"),
                row(
                        "Dispatcher.Builder#interceptor",
                        "interceptor(null)",
                        NOTHING,
                        f -> Dispatcher.builder().interceptor(null),
                        NPE,
                        "interceptor"),
                row(
                        "Dispatcher.Builder#transport",
                        "transport(null)",
                        NOTHING,
                        f -> Dispatcher.builder().transport(null),
                        NPE,
                        "transport must not be null"),
                row(
                        "Dispatcher.Builder#scheduler",
                        "scheduler(null)",
                        NOTHING,
                        f -> Dispatcher.builder().scheduler(null),
                        NPE,
                        "scheduler must not be null"),
                row(
                        "Dispatcher#clusterWorker",
                        "clusterWorker(null)",
                        NOTHING,
                        f -> f.dispatcher.clusterWorker(null),
                        NPE,
                        "bus must not be null"),
                row(
                        "Dispatcher#execute",
                        "execute(null, 1, bus)",
                        NOTHING,
                        f -> f.dispatcher.execute(null, 1, f.bus),
                        NPE,
                        "ticket must not be null"),
                row(
                        "Dispatcher#execute",
                        "execute(ticket, 0, bus)",
                        NOTHING,
                        f -> f.dispatcher.execute(
                                new dev.orchestrator.cluster.JobTicket(
                                        new GoodJob("ticket-1", false),
                                        "bus",
                                        "node",
                                        null,
                                        dev.orchestrator.retry.RetryPolicy.none(),
                                        java.time.Instant.EPOCH,
                                        0),
                                0,
                                f.bus),
                        IAE,
                        "deliveryCount must be >= 1, was 0"),

                // ---- BaseExecutor ----
                row(
                        "BaseExecutor#new",
                        "an executor with a null Executor",
                        NOTHING,
                        f -> new GoodExecutor(null),
                        NPE,
                        "executor must not be null"),
                row(
                        "BaseExecutor#emitProgress",
                        "emitProgress(NaN) of a running job",
                        f -> f.job = f.running(null),
                        f -> f.executor.progress(f.job, Double.NaN, null, null),
                        IAE,
                        "progress",
                        "NaN"),
                row(
                        "BaseExecutor#emitProgress",
                        "emitProgress with step 5 of 3, running job",
                        f -> f.job = f.running(null),
                        f -> f.executor.progress(f.job, 0.5, 5, 3),
                        IAE,
                        "currentStep",
                        "(3)",
                        "was 5"),
                row(
                        "BaseExecutor#emitProgress",
                        "emitProgress with step 5 of 3, job already ended",
                        f -> f.job = f.ended(),
                        f -> f.executor.progress(f.job, 0.5, 5, 3),
                        IAE,
                        "currentStep",
                        "(3)",
                        "was 5"),
                row(
                        "BaseExecutor#emitProgress",
                        "emitProgress with totalSteps 0, running job",
                        f -> f.job = f.running(null),
                        f -> f.executor.progress(f.job, 0.5, 0, 0),
                        IAE,
                        "totalSteps",
                        "was 0"),
                row(
                        "BaseExecutor#emitProgress",
                        "emitProgress with step -2, job not dispatched",
                        NOTHING,
                        f -> f.executor.progress(new GoodJob(false), 0.5, -2, 3),
                        IAE,
                        "currentStep",
                        "was -2"),
                row(
                        "BaseExecutor#emitProgress",
                        "emitProgress(null job)",
                        NOTHING,
                        f -> f.executor.progress(null, 0.5, null, null),
                        NPE,
                        "job must not be null"),
                row(
                        "BaseExecutor#emitStep",
                        "emitStep(4 of 3)",
                        f -> f.job = f.running(null),
                        f -> f.executor.step(f.job, 4, 3),
                        IAE,
                        "currentStep",
                        "3",
                        "was 4"),
                row(
                        "BaseExecutor#emitStep",
                        "emitStep(-1 of 3)",
                        f -> f.job = f.running(null),
                        f -> f.executor.step(f.job, -1, 3),
                        IAE,
                        "currentStep",
                        "was -1"),
                row(
                        "BaseExecutor#emitStep",
                        "emitStep(1 of 0)",
                        f -> f.job = f.running(null),
                        f -> f.executor.step(f.job, 1, 0),
                        IAE,
                        "totalSteps",
                        "was 0"),
                row(
                        "BaseExecutor#emit",
                        "emit(job, null)",
                        f -> f.job = f.running(null),
                        f -> f.executor.emitEvent(f.job, null),
                        NPE,
                        "event must not be null"),
                row(
                        "BaseExecutor#context",
                        "context(null)",
                        NOTHING,
                        f -> f.executor.contextOf(null),
                        NPE,
                        "job must not be null"),
                row(
                        "BaseExecutor#context",
                        "context of a job that is not running",
                        NOTHING,
                        f -> f.executor.contextOf(new GoodJob("never-dispatched", false)),
                        ISE,
                        "'never-dispatched'",
                        "is not running"),
                row(
                        "BaseExecutor#throwIfCancelled",
                        "throwIfCancelled(null)",
                        NOTHING,
                        f -> f.executor.check(null),
                        NPE,
                        "job must not be null"),

                // ---- BaseOrchestrator ----
                row(
                        "BaseOrchestrator#listenTo",
                        "listenTo(null, type)",
                        f -> f.orchestrator(),
                        f -> f.orchestrator().hear(null, DomainEvent.class),
                        NPE,
                        "other must not be null"),
                row(
                        "BaseOrchestrator#listenTo",
                        "listenTo(its own bus)",
                        f -> f.orchestrator(),
                        f -> f.orchestrator().hear(f.bus, DomainEvent.class),
                        IAE,
                        "already listens to its own bus 'bad-input'"),
                row(
                        "BaseOrchestrator#listenTo",
                        "listenTo(bus) without types",
                        f -> f.orchestrator(),
                        f -> f.orchestrator().hear(SignalBus.instance()),
                        IAE,
                        "at least one event type"),
                row(
                        "BaseOrchestrator#updateState",
                        "updateState(null)",
                        f -> f.orchestrator(),
                        f -> f.orchestrator().update(null),
                        NPE,
                        "update must not be null"),
                row(
                        "BaseOrchestrator#updateState",
                        "a function that returns null",
                        f -> f.orchestrator(),
                        f -> f.orchestrator().update(state -> null),
                        NPE,
                        "updateState's function returned null"),
                row(
                        "BaseOrchestrator#new",
                        "null initial state",
                        NOTHING,
                        f -> new TestOrchestrator(null, f.dispatcher, f.bus),
                        NPE,
                        "initialState must not be null"),
                row(
                        "BaseOrchestrator#new",
                        "null dispatcher",
                        NOTHING,
                        f -> new TestOrchestrator("idle", null, f.bus),
                        NPE,
                        "dispatcher must not be null"),
                row(
                        "BaseOrchestrator#new",
                        "null dispatcher, default bus",
                        NOTHING,
                        f -> new TestOrchestrator("idle", null),
                        NPE,
                        "dispatcher must not be null"),
                row(
                        "BaseOrchestrator#new",
                        "null bus",
                        NOTHING,
                        f -> new TestOrchestrator("idle", f.dispatcher, null),
                        NPE,
                        "bus must not be null"),
                row(
                        "BaseOrchestrator#new",
                        "a closed bus",
                        NOTHING,
                        f -> {
                            SignalBus closed = SignalBus.builder("closed-module")
                                    .logger(NoOpLogger.INSTANCE)
                                    .build();
                            closed.close();
                            new TestOrchestrator("idle", f.dispatcher, closed);
                        },
                        ISE,
                        "closed-module",
                        "closed"),
                row(
                        "BaseOrchestrator#dispatch",
                        "dispatch(null)",
                        f -> f.orchestrator(),
                        f -> f.orchestrator.dispatch(null),
                        NPE,
                        "job must not be null"),
                row(
                        "BaseOrchestrator#dispatch",
                        "dispatch(a job type without executor)",
                        f -> f.orchestrator(),
                        f -> f.orchestrator.dispatch(new UnknownJob()),
                        ExecutorNotFoundException.class,
                        UnknownJob.class.getName()),
                row(
                        "BaseOrchestrator#dispatch",
                        "dispatch after close",
                        f -> f.orchestrator().close(),
                        f -> f.orchestrator.dispatch(new GoodJob("after-close", false)),
                        ISE,
                        "TestOrchestrator",
                        "closed",
                        "after-close"),
                row(
                        "BaseOrchestrator#dispatch",
                        "dispatch a job id it already tracks",
                        f -> {
                            f.orchestrator().dispatch(new GoodJob("tracked", true));
                            assertThat(f.executor.started.await(5, TimeUnit.SECONDS))
                                    .isTrue();
                        },
                        f -> f.orchestrator.dispatch(new GoodJob("tracked", false)),
                        ISE,
                        "tracked",
                        "TestOrchestrator"),
                row(
                        "BaseOrchestrator#dispatch",
                        "dispatch on a shut-down dispatcher",
                        f -> {
                            f.orchestrator();
                            f.dispatcher.shutdown(Duration.ZERO);
                        },
                        f -> f.orchestrator.dispatch(new GoodJob("refused", false)),
                        RejectedExecutionException.class,
                        "shut down",
                        "refused"),
                row(
                        "BaseOrchestrator#isJobTypeRunning",
                        "isJobTypeRunning(null)",
                        f -> f.orchestrator(),
                        f -> f.orchestrator.isJobTypeRunning(null),
                        NPE,
                        "jobType must not be null"),
                row(
                        "BaseOrchestrator#emit",
                        "emit(null state)",
                        f -> f.orchestrator(),
                        f -> f.orchestrator.state(null),
                        NPE,
                        "newState must not be null"),
                row(
                        "BaseOrchestrator#addStateListener",
                        "addStateListener(null)",
                        f -> f.orchestrator(),
                        f -> f.orchestrator.addStateListener(null),
                        NPE,
                        "listener must not be null"),

                // ---- SignalBus ----
                row(
                        "SignalBus#awaitIdle",
                        "awaitIdle(null)",
                        NOTHING,
                        f -> f.bus.awaitIdle(null),
                        NPE,
                        "timeout must not be null"),
                row(
                        "SignalBus#awaitIdle",
                        "awaitIdle(-1s)",
                        NOTHING,
                        f -> f.bus.awaitIdle(Duration.ofSeconds(-1)),
                        IAE,
                        "timeout",
                        "PT-1S"),
                row(
                        "SignalBus#scoped",
                        "scoped(null)",
                        NOTHING,
                        f -> SignalBus.scoped(null),
                        NPE,
                        "name must not be null"),
                row("SignalBus#scoped", "scoped(\"  \")", NOTHING, f -> SignalBus.scoped("  "), IAE, "name", "'  '"),
                row("SignalBus#builder", "builder(\"\")", NOTHING, f -> SignalBus.builder(""), IAE, "name", "''"),
                row(
                        "SignalBus.Builder#subscriberCapacity",
                        "subscriberCapacity(0)",
                        NOTHING,
                        f -> SignalBus.builder("b").subscriberCapacity(0),
                        IAE,
                        "subscriberCapacity",
                        "was 0"),
                row(
                        "SignalBus.Builder#subscriberCapacity",
                        "subscriberCapacity(-5)",
                        NOTHING,
                        f -> SignalBus.builder("b").subscriberCapacity(-5),
                        IAE,
                        "subscriberCapacity",
                        "was -5"),
                row(
                        "SignalBus.Builder#stuckSubscriberTimeout",
                        "stuckSubscriberTimeout(0s)",
                        NOTHING,
                        f -> SignalBus.builder("b").stuckSubscriberTimeout(Duration.ZERO),
                        IAE,
                        "stuckSubscriberTimeout",
                        "was PT0S"),
                row(
                        "SignalBus.Builder#stuckSubscriberTimeout",
                        "stuckSubscriberTimeout(-1s)",
                        NOTHING,
                        f -> SignalBus.builder("b").stuckSubscriberTimeout(Duration.ofSeconds(-1)),
                        IAE,
                        "stuckSubscriberTimeout",
                        "was PT-1S"),
                row(
                        "SignalBus.Builder#stuckSubscriberTimeout",
                        "stuckSubscriberTimeout(300 years)",
                        NOTHING,
                        f -> SignalBus.builder("b").stuckSubscriberTimeout(Duration.ofDays(300 * 365)),
                        IAE,
                        "stuckSubscriberTimeout",
                        "was PT2628000H"),
                row(
                        "SignalBus.Builder#stuckSubscriberTimeout",
                        "stuckSubscriberTimeout(null)",
                        NOTHING,
                        f -> SignalBus.builder("b").stuckSubscriberTimeout(null),
                        NPE,
                        "stuckSubscriberTimeout",
                        "null"),
                row(
                        "SignalBus.Builder#deliveryExecutor",
                        "deliveryExecutor(null)",
                        NOTHING,
                        f -> SignalBus.builder("b").deliveryExecutor(null),
                        NPE,
                        "deliveryExecutor"),
                row(
                        "SignalBus.Builder#logger",
                        "logger(null)",
                        NOTHING,
                        f -> SignalBus.builder("b").logger(null),
                        NPE,
                        "logger"),
                row("SignalBus#emit", "emit(null)", NOTHING, f -> f.bus.emit(null), NPE, "event must not be null"),
                row(
                        "SignalBus#emit",
                        "a forged ending for a running job",
                        f -> f.job = f.running("victim-1"),
                        f -> f.bus.emit(new JobSuccessEvent("victim-1", GoodJob.class, "forged")),
                        IAE,
                        "JobSuccessEvent[job=GoodJob, id='victim-1'] is a lifecycle event",
                        "only the framework emits those",
                        "emit a domain event"),
                row(
                        "SignalBus#subscribe",
                        "subscribe(null handler)",
                        NOTHING,
                        f -> f.bus.subscribe(null),
                        NPE,
                        "handler must not be null"),
                row(
                        "SignalBus#subscribe",
                        "subscribe(null type, handler)",
                        NOTHING,
                        f -> f.bus.subscribe((Class<BaseEvent>) null, e -> {}),
                        NPE,
                        "type must not be null"),
                row(
                        "SignalBus#subscribe",
                        "subscribe(name, type, admission, null handler)",
                        NOTHING,
                        f -> f.bus.subscribe("s", BaseEvent.class, e -> true, null),
                        NPE,
                        "handler must not be null"),
                row(
                        "SignalBus#subscribe",
                        "subscribe to a closed bus",
                        NOTHING,
                        f -> {
                            SignalBus closed = SignalBus.builder("closed-bus")
                                    .logger(NoOpLogger.INSTANCE)
                                    .build();
                            closed.close();
                            closed.subscribe("late", BaseEvent.class, e -> {});
                        },
                        ISE,
                        "closed-bus",
                        "closed",
                        "late"),
                row(
                        "SignalBus#monitor",
                        "monitor(null)",
                        NOTHING,
                        f -> f.bus.monitor(null),
                        NPE,
                        "monitor must not be null"),
                row(
                        "SignalBus#close",
                        "close the global bus",
                        NOTHING,
                        f -> SignalBus.instance().close(),
                        UnsupportedOperationException.class,
                        "global bus",
                        "cannot be closed"),

                // ---- JobRegistry ----
                row(
                        "JobRegistry#new",
                        "new JobRegistry(null)",
                        NOTHING,
                        f -> new JobRegistry(null),
                        NPE,
                        "config must not be null"),
                row(
                        "JobRegistry#running",
                        "running(null)",
                        NOTHING,
                        f -> f.dispatcher.registry().running(null),
                        NPE,
                        "id must not be null"),
                row(
                        "JobRegistry#addObserver",
                        "addObserver(null)",
                        NOTHING,
                        f -> f.dispatcher.registry().addObserver(null),
                        NPE,
                        "observer must not be null"),
                row(
                        "JobRegistry#track",
                        "track(null)",
                        NOTHING,
                        f -> f.dispatcher.registry().track(null),
                        NPE,
                        "bus must not be null"));
    }

    private Fixture fixture;

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static final AtomicInteger ROWS_RUN = new AtomicInteger();
    private static final AtomicInteger ROWS_REJECTED_CLEARLY = new AtomicInteger();

    @AfterAll
    static void printFigures() {
        System.out.printf(
                "RELIABILITY: bad-input-api rows=%d rejectedClearly=%d failed=%d (API members covered: dispatcher, executor helpers, orchestrator, bus, registry)%n",
                ROWS_RUN.get(), ROWS_REJECTED_CLEARLY.get(), ROWS_RUN.get() - ROWS_REJECTED_CLEARLY.get());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInputs")
    void badInputFailsAtOnceNamingTheValueAndLeavesNothingHalfDone(
            String member,
            String description,
            Setup setup,
            Call call,
            Class<? extends Throwable> type,
            List<String> messageParts)
            throws Exception {
        ROWS_RUN.incrementAndGet();
        fixture = new Fixture();
        setup.prepare(fixture);
        int running = fixture.dispatcher.registry().runningCount();
        Map<Class<? extends BaseJob>, BaseExecutor<?>> executors = fixture.dispatcher.executors();
        boolean tracking = fixture.orchestrator != null && fixture.orchestrator.hasActiveJobs();
        List<BaseEvent> events = fixture.settledEvents();

        assertThatThrownBy(() -> call.run(fixture))
                .as(description)
                .isInstanceOf(type)
                .hasMessageContainingAll(messageParts.toArray(String[]::new));

        assertThat(fixture.dispatcher.registry().runningCount())
                .as("running jobs after: %s", description)
                .isEqualTo(running);
        assertThat(fixture.dispatcher.executors())
                .as("executors after: %s", description)
                .isEqualTo(executors);
        if (fixture.orchestrator != null) {
            assertThat(fixture.orchestrator.hasActiveJobs())
                    .as("orchestrator tracking after: %s", description)
                    .isEqualTo(tracking);
        }
        assertThat(fixture.settledEvents()).as("events after: %s", description).containsExactlyElementsOf(events);
        ROWS_REJECTED_CLEARLY.incrementAndGet();
    }

    /** Members whose arguments may legitimately be anything, so they have no row. */
    private static final Set<String> NO_BAD_INPUT = Set.of(
            "JobRegistry#finished", // null finds nothing
            "BaseOrchestrator#cancelJob",
            "BaseOrchestrator#isJobRunning",
            "BaseOrchestrator#getJobProgress", // null: documented "no"
            "BaseExecutor#process"); // the user's own method

    @Test
    void tableCoversEveryPublicOrProtectedMemberOfTheEngineThatTakesArguments() {
        Set<String> members = new TreeSet<>();
        for (Class<?> type : List.of(
                Dispatcher.class,
                Dispatcher.Builder.class,
                SignalBus.class,
                SignalBus.Builder.class,
                JobRegistry.class,
                BaseOrchestrator.class,
                BaseExecutor.class)) {
            String name =
                    type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                int modifiers = constructor.getModifiers();
                if ((Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers))
                        && constructor.getParameterCount() > 0) {
                    members.add(name + "#new");
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                int modifiers = method.getModifiers();
                boolean hook =
                        type == BaseOrchestrator.class && method.getName().startsWith("on");
                if ((Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers))
                        && method.getParameterCount() > 0
                        && !hook) {
                    members.add(name + "#" + method.getName());
                }
            }
        }
        members.removeAll(NO_BAD_INPUT);
        Set<String> covered =
                badInputs().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());

        assertThat(covered).containsAll(members);
        assertThat(badInputs().count()).isGreaterThanOrEqualTo(30);
    }
}
