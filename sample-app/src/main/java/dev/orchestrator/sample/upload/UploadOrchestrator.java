package dev.orchestrator.sample.upload;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.sample.Buses;
import dev.orchestrator.sample.board.JobBoardOrchestrator;
import dev.orchestrator.sample.board.JobKind;
import dev.orchestrator.sample.board.JobView;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Starts uploads. Only the latest upload matters: a new one replaces the one still running by
 * cancelling its token ("user sends new request replacing old one"). Nothing else cancels
 * an upload but the user's Cancel button: not a closed page, not a lost connection.
 */
@Component
public class UploadOrchestrator extends JobBoardOrchestrator {

    private final AtomicInteger files = new AtomicInteger();
    // guarded by this
    private @Nullable String currentId;
    private @Nullable CancellationToken currentToken;

    /**
     * @param dispatcher runs the jobs
     * @param bus the jobs bus
     */
    public UploadOrchestrator(Dispatcher dispatcher, @Qualifier(Buses.JOBS) SignalBus bus) {
        super(JobKind.UPLOAD, dispatcher, bus);
    }

    /**
     * Starts an upload, cancelling the one still running.
     *
     * @param parts number of parts
     * @param duration time the whole upload takes
     * @return the new upload as the board shows it
     */
    public synchronized JobView upload(int parts, Duration duration) {
        String fileName = "report-" + files.incrementAndGet() + ".pdf";
        CancellationToken token = new CancellationToken();
        UploadJob job = new UploadJob(fileName, parts, duration, token);
        String previousId = currentId;
        CancellationToken previousToken = currentToken;
        if (previousId != null && previousToken != null && isJobRunning(previousId)) {
            noteCancelReason(previousId, "Replaced by upload " + shortId(job.id()));
            previousToken.cancel(); // the new request replaces the old one
        }
        JobView view = start(job, "Upload " + fileName + " in " + parts + " parts");
        currentId = job.id();
        currentToken = token;
        return view;
    }
}
