package dev.orchestrator.spring.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.fixtures.PingJob;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 3, "@Executor" and "orchestrator.* properties": startup errors are reported through a
 * Spring Boot FailureAnalyzer that Spring Boot finds in spring.factories.
 */
class OrchestratorFailureAnalyzerTest {

    @Test
    void springBootReportsAStartupErrorThroughTheAnalyzer() {
        SpringApplication application = new SpringApplication(StarterOnly.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setListeners(List.of()); // leaves the test's logging configuration alone
        Logger reporter = (Logger) LoggerFactory.getLogger(LoggingFailureAnalysisReporter.class);
        ListAppender<ILoggingEvent> report = new ListAppender<>();
        report.start();
        reporter.addAppender(report);
        reporter.setAdditive(false);
        try {
            assertThatExceptionOfType(BeanCreationException.class)
                    .isThrownBy(() -> application.run("--orchestrator.history.max-size=-1"))
                    .havingRootCause()
                    .isInstanceOf(OrchestratorConfigurationException.class);
        } finally {
            reporter.setAdditive(true);
            reporter.detachAppender(report);
        }

        assertThat(report.list)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .contains(
                        "APPLICATION FAILED TO START",
                        "Description:",
                        "Invalid value '-1' for property 'orchestrator.history.max-size': must be an integer >= 0.",
                        "Action:",
                        "Update 'orchestrator.history.max-size' in your application configuration");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(OrchestratorAutoConfiguration.class)
    static class StarterOnly {}

    @Test
    void analyzesTheExceptionWhereverItIsInTheCauseChain() {
        OrchestratorConfigurationException cause =
                OrchestratorConfigurationException.duplicateExecutor(PingJob.class, "firstPing", "secondPing");
        Throwable failure = new BeanCreationException(
                "orchestratorConfig", "Failed to instantiate", new IllegalStateException("wrapped", cause));

        FailureAnalysis analysis = new OrchestratorFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription())
                .isEqualTo(cause.getMessage())
                .contains("'firstPing'", "'secondPing'", PingJob.class.getName());
        assertThat(analysis.getAction()).isEqualTo(cause.getAction());
        assertThat(analysis.getCause()).isSameAs(cause);
    }

    @Test
    void leavesOtherFailuresToOtherAnalyzers() {
        assertThat(new OrchestratorFailureAnalyzer().analyze(new BeanCreationException("other")))
                .isNull();
    }

    @Test
    void invalidPropertyMessageNamesThePropertyTheValueAndTheValidRange() {
        OrchestratorConfigurationException ex = OrchestratorConfigurationException.invalidProperty(
                "orchestrator.history.max-size", -1, "must be an integer >= 0");

        assertThat(ex.getMessage())
                .isEqualTo("Invalid value '-1' for property 'orchestrator.history.max-size': must be an integer >= 0.");
        assertThat(ex.getAction()).contains("'orchestrator.history.max-size'", "must be an integer >= 0");
    }
}
