package dev.orchestrator.sample.web;

import dev.orchestrator.sample.SampleProperties;
import dev.orchestrator.sample.board.JobBoardOrchestrator;
import dev.orchestrator.sample.board.JobView;
import dev.orchestrator.sample.export.ExportOrchestrator;
import dev.orchestrator.sample.flaky.FlakyOrchestrator;
import dev.orchestrator.sample.upload.UploadOrchestrator;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starts, reads and cancels the demo jobs. Starting answers 202 at once (the job runs in the
 * background); its progress arrives by Server-Sent Events and can be read here at any time.
 */
@RestController
@RequestMapping("/api/jobs")
class JobController {

    private final UploadOrchestrator uploads;
    private final FlakyOrchestrator flaky;
    private final ExportOrchestrator exports;
    private final JobBoards boards;
    private final SampleProperties properties;

    JobController(
            UploadOrchestrator uploads,
            FlakyOrchestrator flaky,
            ExportOrchestrator exports,
            JobBoards boards,
            SampleProperties properties) {
        this.uploads = uploads;
        this.flaky = flaky;
        this.exports = exports;
        this.boards = boards;
        this.properties = properties;
    }

    @GetMapping
    List<JobView> list() {
        return boards.jobs();
    }

    @PostMapping
    ResponseEntity<JobView> start(@RequestBody StartJobRequest request) {
        JobView job = switch (request.jobKind()) {
            case UPLOAD ->
                uploads.upload(
                        request.partsOr(properties.upload().parts()),
                        request.durationOr(properties.upload().duration()));
            case FLAKY ->
                flaky.call(
                        request.failureMode(),
                        request.failFirstOrDefault(),
                        request.durationOr(properties.flaky().duration()));
            case EXPORT -> exports.export(request.durationOr(properties.export().duration()));
        };
        return ResponseEntity.accepted()
                .location(URI.create("/api/jobs/" + job.id()))
                .body(job);
    }

    @GetMapping("/{id}")
    JobView get(@PathVariable String id) {
        return boards.find(JobIds.requireWellFormed(id)).orElseThrow(() -> unknown(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Map<String, Object>> cancel(@PathVariable String id) {
        JobIds.requireWellFormed(id);
        JobBoardOrchestrator board = boards.boardOf(id).orElseThrow(() -> unknown(id));
        if (!board.cancel(id)) {
            JobView.Status status =
                    board.getState().find(id).map(JobView::status).orElse(null);
            throw Problems.conflict(
                    "Job " + id + " is not running (" + status + "); only a running job can be cancelled");
        }
        return ResponseEntity.accepted().body(Map.of("id", id, "cancelled", true));
    }

    private static RuntimeException unknown(String id) {
        return Problems.notFound("No job with id " + id);
    }
}
