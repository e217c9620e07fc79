package dev.orchestrator.orchestration;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.NoOpLogger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Small recording fixtures shared by the orchestration tests (no mocks). Events on a bus are recorded,
 * and waited for, with the test kit's {@link dev.orchestrator.test.EventRecorder}.
 */
final class OrchestrationFixtures {

    static final String STARTED = "onJobStarted";
    static final String PROGRESS = "onProgress";
    static final String RETRYING = "onJobRetrying";
    static final String TIMEOUT = "onActiveTimeout";
    static final String SUCCESS = "onActiveSuccess";
    static final String FAILURE = "onActiveFailure";
    static final String CANCELLED = "onActiveCancelled";
    static final String ACTIVE_EVENT = "onActiveEvent";
    static final String PASSIVE = "onPassiveEvent";

    private OrchestrationFixtures() {}

    // ---- events ------------------------------------------------------------------------------

    /** A domain event; the correlation id says what it is about. */
    static final class ItemAddedEvent extends BaseEvent {
        ItemAddedEvent(String correlationId) {
            super(correlationId);
        }
    }

    /** A public event that crosses modules. */
    static final class UserLoggedInEvent extends BaseEvent {
        UserLoggedInEvent(String correlationId) {
            super(correlationId);
        }
    }

    static final class TypeAEvent extends BaseEvent {
        TypeAEvent(String correlationId) {
            super(correlationId);
        }
    }

    static final class TypeBEvent extends BaseEvent {
        TypeBEvent(String correlationId) {
            super(correlationId);
        }
    }

    static final class PingEvent extends BaseEvent {
        PingEvent(String correlationId) {
            super(correlationId);
        }
    }

    static final class PongEvent extends BaseEvent {
        PongEvent(String correlationId) {
            super(correlationId);
        }
    }

    // ---- jobs and executor -------------------------------------------------------------------

    /** What a job does when it runs. */
    interface Script {
        Object run(ScriptedExecutor executor, ScriptedJob job) throws Exception;
    }

    /** A job whose behaviour is given by the test. */
    static class ScriptedJob extends BaseJob {
        final Script script;

        ScriptedJob(Script script) {
            this(JobOptions.none(), script);
        }

        ScriptedJob(JobOptions options, Script script) {
            super(options);
            this.script = script;
        }
    }

    /** "preventing UI race conditions". */
    static final class FetchUserJob extends ScriptedJob {
        FetchUserJob(Script script) {
            super(script);
        }
    }

    /** "preventing UI race conditions". */
    static final class LogoutJob extends ScriptedJob {
        LogoutJob(Script script) {
            super(script);
        }
    }

    /** A job type no executor is registered for. */
    static final class UnregisteredJob extends BaseJob {}

    /** Runs {@link ScriptedJob}s and lets scripts report progress and emit domain events. */
    static final class ScriptedExecutor extends BaseExecutor<ScriptedJob> {
        @Override
        protected Object process(ScriptedJob job) throws Exception {
            return job.script.run(this, job);
        }

        void progress(ScriptedJob job, double value) {
            emitProgress(job, value);
        }

        void progress(ScriptedJob job, double value, String message) {
            emitProgress(job, value, message);
        }

        boolean domain(ScriptedJob job, BaseEvent event) {
            return emit(job, event);
        }
    }

    /** A dispatcher whose ScriptedExecutor handles ScriptedJob, FetchUserJob and LogoutJob. */
    static Dispatcher dispatcher(OrchestratorConfig config, SignalBus defaultBus) {
        Dispatcher.Builder builder = Dispatcher.builder().config(config);
        if (defaultBus != null) {
            builder.defaultBus(defaultBus);
        }
        Dispatcher dispatcher = builder.build();
        ScriptedExecutor executor = new ScriptedExecutor();
        dispatcher.register(executor);
        dispatcher.register(FetchUserJob.class, executor);
        dispatcher.register(LogoutJob.class, executor);
        return dispatcher;
    }

    static SignalBus quietBus(String name) {
        return SignalBus.builder(name).logger(NoOpLogger.INSTANCE).build();
    }

    // ---- subscribers and orchestrators --------------------------------------------------------

    /**
     * An orchestrator that records which hook got which event, counts handlers in flight, and runs
     * an optional reaction inside every hook. Its name comes from a constructor argument, as a real
     * module would do it.
     */
    static class RecordingOrchestrator extends BaseOrchestrator<String> {
        record Call(String hook, BaseEvent event) {}

        final List<Call> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile Consumer<Call> reaction = call -> {};
        private final String name;

        RecordingOrchestrator(String name, Dispatcher dispatcher, SignalBus bus) {
            super("initial", dispatcher, bus);
            this.name = name;
            start();
        }

        RecordingOrchestrator(String name, Dispatcher dispatcher) {
            super("initial", dispatcher);
            this.name = name;
            start();
        }

        @Override
        public String name() {
            return name;
        }

        void setState(String state) {
            emit(state);
        }

        @SafeVarargs
        final dev.orchestrator.bus.Subscription hear(SignalBus other, Class<? extends BaseEvent>... types) {
            return listenTo(other, types);
        }

        List<String> hooksFor(String correlationId) {
            return calls.stream()
                    .filter(c -> c.event().correlationId().equals(correlationId))
                    .map(Call::hook)
                    .collect(Collectors.toList());
        }

        List<BaseEvent> eventsIn(String hook) {
            return calls.stream()
                    .filter(c -> c.hook().equals(hook))
                    .map(Call::event)
                    .collect(Collectors.toList());
        }

        long count(String hook, Class<? extends BaseEvent> type) {
            return calls.stream()
                    .filter(c -> c.hook().equals(hook) && type.isInstance(c.event()))
                    .count();
        }

        boolean handled(BaseEvent event) {
            return calls.stream().anyMatch(c -> c.event() == event);
        }

        private void record(String hook, BaseEvent event) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Call call = new Call(hook, event);
                calls.add(call);
                reaction.accept(call);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        protected void onJobStarted(JobStartedEvent event) {
            record(STARTED, event);
        }

        @Override
        protected void onProgress(JobProgressEvent event) {
            record(PROGRESS, event);
        }

        @Override
        protected void onJobRetrying(JobRetryingEvent event) {
            record(RETRYING, event);
        }

        @Override
        protected void onActiveTimeout(JobTimeoutEvent event) {
            record(TIMEOUT, event);
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            record(SUCCESS, event);
        }

        @Override
        protected void onActiveFailure(JobFailureEvent event) {
            record(FAILURE, event);
        }

        @Override
        protected void onActiveCancelled(JobCancelledEvent event) {
            record(CANCELLED, event);
        }

        @Override
        protected void onActiveEvent(BaseEvent event) {
            record(ACTIVE_EVENT, event);
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            record(PASSIVE, event);
        }
    }
}
