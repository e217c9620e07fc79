package dev.orchestrator.sample.web;

import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.sample.live.TripView;
import dev.orchestrator.sample.loop.PingOrchestrator;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Starts the feedback loop and reads the circuit breakers' trips from the job registry. */
@RestController
class LoopController {

    private final PingOrchestrator ping;
    private final JobRegistry registry;

    LoopController(PingOrchestrator ping, JobRegistry registry) {
        this.ping = ping;
        this.registry = registry;
    }

    @PostMapping("/api/loop")
    ResponseEntity<Map<String, String>> startLoop() {
        return ResponseEntity.accepted().body(Map.of("loopId", ping.startLoop()));
    }

    @GetMapping("/api/trips")
    List<TripView> trips() {
        return registry.trips().stream().map(TripView::of).toList();
    }
}
