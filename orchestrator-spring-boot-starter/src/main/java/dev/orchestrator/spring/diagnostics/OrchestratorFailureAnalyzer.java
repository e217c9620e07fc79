package dev.orchestrator.spring.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an {@link OrchestratorConfigurationException} as a readable startup failure. */
public class OrchestratorFailureAnalyzer extends AbstractFailureAnalyzer<OrchestratorConfigurationException> {

    /** Creates the analyzer; Spring Boot does, from {@code META-INF/spring.factories}. */
    public OrchestratorFailureAnalyzer() {}

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, OrchestratorConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
