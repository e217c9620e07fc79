package dev.orchestrator.sample.web;

import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.sample.SampleProperties;
import dev.orchestrator.sample.export.ExportOrchestrator;
import dev.orchestrator.sample.flaky.FlakyOrchestrator;
import dev.orchestrator.sample.live.BusEntry;
import dev.orchestrator.sample.live.BusLog;
import dev.orchestrator.sample.live.OrchestratorStates;
import dev.orchestrator.sample.live.TripView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Everything the page shows, in one read: it calls {@code GET /api/state} when it loads and each
 * time its live connection (re)opens, so a page that was closed or reloaded shows the current
 * state, finished results included.
 */
@RestController
class StateController {

    private final OrchestratorStates states;
    private final BusLog busLog;
    private final JobRegistry registry;
    private final Settings settings;
    private final @Nullable String instance;

    StateController(
            OrchestratorStates states,
            BusLog busLog,
            JobRegistry registry,
            Dispatcher dispatcher,
            SampleProperties properties,
            OrchestratorConfig config,
            FlakyOrchestrator flaky,
            ExportOrchestrator exports) {
        this.states = states;
        this.busLog = busLog;
        this.registry = registry;
        this.settings = settings(
                properties, config, flaky.retryPolicy(), exports.timeout().orElse(null));
        this.instance = dispatcher.isClustered() ? dispatcher.instanceId() : null;
    }

    /**
     * Everything the page shows.
     *
     * @param settings the settings the page shows next to its buttons
     * @param orchestrators each orchestrator's state, by name
     * @param bus the bus log, newest first
     * @param trips the circuit-breaker trips, newest first
     * @param instance in cluster mode (profile {@code cluster}), this instance's id
     *     ({@code orchestrator.cluster.instance-id}); {@code null} in one JVM
     */
    record PageState(
            Settings settings,
            Map<String, Object> orchestrators,
            List<BusEntry> bus,
            List<TripView> trips,
            @Nullable String instance) {}

    @GetMapping("/api/state")
    PageState state() {
        return new PageState(
                settings,
                states.snapshot(),
                busLog.entries(),
                registry.trips().stream().map(TripView::of).toList(),
                instance);
    }

    @GetMapping("/api/settings")
    Settings settings() {
        return settings;
    }

    @GetMapping("/api/buses")
    List<BusEntry> buses() {
        return busLog.entries();
    }

    private static Settings settings(
            SampleProperties properties,
            OrchestratorConfig config,
            RetryPolicy retry,
            @Nullable Duration exportTimeout) {
        return new Settings(
                new Settings.Upload(
                        properties.upload().parts(),
                        properties.upload().duration().toMillis()),
                new Settings.Flaky(
                        properties.flaky().failureRate(),
                        properties.flaky().duration().toMillis(),
                        retry.maxRetries(),
                        retry.baseDelay().toMillis(),
                        retry.maxDelay().toMillis(),
                        retry.exponentialBackoff()),
                new Settings.Export(
                        properties.export().duration().toMillis(),
                        exportTimeout == null ? null : exportTimeout.toMillis()),
                config.maxEventsPerSecond());
    }
}
