package dev.orchestrator.sample;

import dev.orchestrator.job.Dispatcher;
import dev.orchestrator.job.FinishedJob;
import dev.orchestrator.job.JobRegistry;
import dev.orchestrator.job.JobSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Starts, reads and cancels report jobs. */
@RestController
@RequestMapping("/api/reports")
class JobController {

    private final ReportOrchestrator reports;
    private final Dispatcher dispatcher;

    JobController(ReportOrchestrator reports, Dispatcher dispatcher) {
        this.reports = reports;
        this.dispatcher = dispatcher;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> start(@RequestParam(defaultValue = "10") int steps) {
        if (steps < 1 || steps > 100) {
            return ResponseEntity.badRequest().body(Map.of("error", "steps must be between 1 and 100, was " + steps));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("id", reports.start(steps)));
    }

    @GetMapping("/{id}")
    ResponseEntity<Map<String, Object>> read(@PathVariable String id) {
        JobRegistry registry = dispatcher.registry();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("state", reports.getState());
        JobSnapshot running = registry.running(id).orElse(null);
        if (running != null) {
            body.put("status", running.status().name());
            body.put("progress", running.progress());
            body.put("message", running.progressMessage() == null ? "" : running.progressMessage());
            return ResponseEntity.ok(body);
        }
        FinishedJob finished = registry.finished(id).orElse(null);
        if (finished == null) {
            return ResponseEntity.notFound().build();
        }
        body.put("status", finished.outcome().name());
        body.put("progress", finished.outcome().name().equals("SUCCESS") ? 1.0 : null);
        body.put("durationMillis", finished.duration().toMillis());
        return ResponseEntity.ok(body);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> cancel(@PathVariable String id) {
        return reports.cancelJob(id) ? ResponseEntity.accepted().build() : ResponseEntity.notFound().build();
    }
}
