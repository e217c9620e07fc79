package dev.orchestrator.sample;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.logging.OrchestratorLogger;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The sample application. The starter creates the dispatcher, the global bus and the registry,
 * and registers every {@code @Executor}; the application declares one scoped bus for its reports
 * module.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    @Bean
    SignalBus reportsBus(OrchestratorLogger logger) {
        return SignalBus.builder("reports").logger(logger).build();
    }
}
