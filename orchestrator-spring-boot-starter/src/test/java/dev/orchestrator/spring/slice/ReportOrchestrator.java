package dev.orchestrator.spring.slice;

import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import org.springframework.stereotype.Component;

/** Keeps the last report fetched as its state. */
@Component
class ReportOrchestrator extends BaseOrchestrator<String> {

    ReportOrchestrator(Dispatcher dispatcher) {
        super("none", dispatcher);
    }

    String fetch(String quarter) {
        emit("fetching " + quarter);
        return dispatch(new ReportJob(quarter));
    }

    @Override
    protected void onActiveSuccess(JobSuccessEvent event) {
        emit(event.dataAs(String.class).orElse("?"));
    }
}
