package dev.orchestrator.sample;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.Dispatcher;
import dev.orchestrator.orchestration.BaseOrchestrator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Starts report jobs; a new report replaces the one still running (seed 5.1: "new request
 * replaces old"). Its state is the last thing that happened.
 */
@Component
class ReportOrchestrator extends BaseOrchestrator<String> {

    private CancellationToken current;

    ReportOrchestrator(Dispatcher dispatcher, @Qualifier("reportsBus") SignalBus bus) {
        super("idle", dispatcher, bus);
    }

    synchronized String start(int steps) {
        if (current != null) {
            current.cancel(); // the new request replaces the old one
        }
        current = new CancellationToken();
        return dispatch(new ReportJob(steps, current));
    }

    @Override
    protected void onActiveSuccess(JobSuccessEvent event) {
        emit("done: " + event.dataAs(String.class).orElse(""));
    }

    @Override
    protected void onActiveFailure(JobFailureEvent event) {
        emit("failed: " + event.error().getMessage());
    }

    @Override
    protected void onActiveCancelled(JobCancelledEvent event) {
        emit("cancelled: " + event.correlationId());
    }
}
