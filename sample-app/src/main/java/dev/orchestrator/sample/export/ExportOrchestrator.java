package dev.orchestrator.sample.export;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.sample.Buses;
import dev.orchestrator.sample.board.Durations;
import dev.orchestrator.sample.board.JobBoardOrchestrator;
import dev.orchestrator.sample.board.JobKind;
import dev.orchestrator.sample.board.JobView;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** Starts exports; an export that needs longer than its timeout ends as timed out. */
@Component
public class ExportOrchestrator extends JobBoardOrchestrator {

    /**
     * @param dispatcher runs the jobs
     * @param bus the jobs bus
     */
    public ExportOrchestrator(Dispatcher dispatcher, @Qualifier(Buses.JOBS) SignalBus bus) {
        super(JobKind.EXPORT, dispatcher, bus);
    }

    /**
     * Starts an export in the background.
     *
     * @param duration time the export needs
     * @return the export as the board shows it
     */
    public JobView export(Duration duration) {
        String limit = timeout().map(Durations::human).orElse("none");
        return start(
                new ExportJob(duration), "Export that needs " + Durations.human(duration) + " (timeout " + limit + ")");
    }

    /** @return the timeout of exports, from {@code orchestrator.jobs.ExportJob.timeout} */
    public Optional<Duration> timeout() {
        return dispatcher().config().jobDefaultsFor(ExportJob.class).timeout();
    }
}
