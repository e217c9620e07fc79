package dev.orchestrator.sample;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.job.Dispatcher;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The sample application. Until the starter's auto-configuration exists (issue 3), it wires the
 * core objects itself: one dispatcher, one scoped bus for the reports module.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    @Bean(destroyMethod = "close")
    Dispatcher dispatcher(@Value("${sample.report.step-delay:500ms}") Duration stepDelay) {
        Dispatcher dispatcher = new Dispatcher(OrchestratorConfig.ofDefaults());
        dispatcher.register(new ReportExecutor(stepDelay));
        return dispatcher;
    }

    @Bean(destroyMethod = "close")
    SignalBus reportsBus() {
        return SignalBus.scoped("reports");
    }

    @Bean(destroyMethod = "close")
    ReportOrchestrator reportOrchestrator(Dispatcher dispatcher, SignalBus reportsBus) {
        return new ReportOrchestrator(dispatcher, reportsBus);
    }
}
