package dev.orchestrator.spring.slice;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application that {@code @OrchestratorTest} finds for the tests in this package. */
@SpringBootApplication
class SliceApplication {}
