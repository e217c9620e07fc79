package dev.orchestrator.readme;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The core example of the README, verbatim between the tag lines: {@code ReadmeExampleTest} checks
 * that the README shows exactly this code and runs it.
 */
final class ReadmeExample {

    // tag::example[]
    // A job: an immutable command. Timeout and retry are optional.
    static final class GreetJob extends BaseJob {
        final String name;

        GreetJob(String name) {
            super(JobOptions.builder()
                    .timeout(Duration.ofSeconds(5))
                    .retryPolicy(RetryPolicy.custom()
                            .maxRetries(2)
                            .baseDelay(Duration.ofMillis(100))
                            .build())
                    .build());
            this.name = name;
        }
    }

    // An executor: plain blocking code; the base class adds timeout, retry, cancellation, events.
    static final class GreetExecutor extends BaseExecutor<GreetJob> {
        @Override
        protected Object process(GreetJob job) {
            emitProgress(job, 0.5, "Looking up " + job.name);
            return "Hello, " + job.name + "!";
        }
    }

    // An orchestrator: holds state and reacts to the events of the jobs it dispatched.
    static final class GreetOrchestrator extends BaseOrchestrator<String> {
        GreetOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super("idle", dispatcher, bus);
            start();
        }

        void greet(String name) {
            emit("working");
            dispatch(new GreetJob(name)); // returns the job id at once
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            emit(event.dataAs(String.class).orElse("?"));
        }

        @Override
        protected void onActiveFailure(JobFailureEvent event) {
            emit("failed: " + event.error().getMessage());
        }
    }

    static List<String> run() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.register(new GreetExecutor());
        SignalBus bus = SignalBus.scoped("greetings");

        GreetOrchestrator orchestrator = new GreetOrchestrator(dispatcher, bus);
        List<String> states = new CopyOnWriteArrayList<>();
        orchestrator.addStateListener(states::add);
        orchestrator.greet("Ada");
        // states becomes [working, Hello, Ada!] as the job runs in the background
        return states;
    }
    // end::example[]

    private ReadmeExample() {}
}
