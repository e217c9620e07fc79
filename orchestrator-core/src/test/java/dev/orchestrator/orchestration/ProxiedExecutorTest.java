package dev.orchestrator.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.orchestration.JobFixtures.CustomEvent;
import dev.orchestrator.orchestration.JobFixtures.TestJob;
import org.junit.jupiter.api.Test;

/**
 * An executor reached through a wrapper (as Spring AOP's class proxies do: the proxy is registered,
 * the real object runs {@code process}) still reports progress, emits events and sees its job's
 * state, because the helpers find the run through the job. Also pins the guards around
 * {@code emit} and {@code dispatch}.
 */
class ProxiedExecutorTest extends JobTestBase {

    /** The object that does the work; never registered with a dispatcher. */
    static final class RealExecutor extends BaseExecutor<TestJob> {
        @Override
        protected Object process(TestJob job) {
            emitProgress(job, 0.5, "half");
            emit(job, new CustomEvent(job.id(), "from the real object"));
            throwIfCancelled(job); // the job is running: must not throw
            return "done";
        }
    }

    /** What a class-based proxy amounts to: registered in place of the real object, delegating process. */
    static final class ProxyExecutor extends BaseExecutor<TestJob> {
        final RealExecutor target = new RealExecutor();

        @Override
        protected Object process(TestJob job) throws Exception {
            return target.process(job);
        }
    }

    @Test
    void anExecutorBehindAProxyReportsProgressEmitsAndSeesItsJobRunning() throws Exception {
        Dispatcher dispatcher = bareDispatcher();
        dispatcher.register(TestJob.class, new ProxyExecutor());
        TestJob job = new TestJob((j, e) -> null);

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), JobSuccessEvent.class);
        assertThat(recorder.eventsOf(job.id()))
                .extracting(event -> (Object) event.getClass())
                .containsExactly(
                        JobStartedEvent.class, JobProgressEvent.class, CustomEvent.class, JobSuccessEvent.class);
        assertThat(recorder.eventsOf(job.id(), JobSuccessEvent.class).get(0).data())
                .isEqualTo("done");
    }

    @Test
    void emitRejectsLifecycleEventsSoThatAJobHasOneEnding() throws Exception {
        Dispatcher dispatcher = dispatcher();
        TestJob job = new TestJob((j, e) -> {
            e.emitForTest(j, new JobSuccessEvent(j.id(), TestJob.class, "forged"));
            return "real";
        });

        dispatcher.dispatch(job, bus);

        assertEndedOnceWith(job.id(), dev.orchestrator.event.JobFailureEvent.class);
        assertThat(recorder.eventsOf(job.id(), dev.orchestrator.event.JobFailureEvent.class)
                        .get(0)
                        .error())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lifecycle events are the framework's own")
                .hasMessageContaining("JobSuccessEvent");
    }

    @Test
    void dispatchOnAClosedBusFailsNamingTheBusAndLeavesNoTrace() {
        Dispatcher dispatcher = dispatcher();
        SignalBus closed = newBus("closed-bus");
        closed.close();
        TestJob job = new TestJob((j, e) -> "never");

        assertThatThrownBy(() -> dispatcher.dispatch(job, closed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'closed-bus' is closed");
        assertThat(dispatcher.isRunning(job.id())).isFalse();
        assertThat(dispatcher.registry().running(job.id())).isEmpty();
        assertThat(job.calls).hasValue(0);
    }
}
