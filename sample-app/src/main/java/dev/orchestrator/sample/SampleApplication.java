package dev.orchestrator.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample application: one page that shows every feature of the orchestrator live. The starter
 * creates the dispatcher, the global bus and the job registry and registers every
 * {@code @Executor}; the application adds its modules' scoped buses ({@link Buses}), their
 * orchestrators and a small REST + Server-Sent-Events API for the page.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

    /**
     * Starts the application; the page is at http://localhost:8080.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
