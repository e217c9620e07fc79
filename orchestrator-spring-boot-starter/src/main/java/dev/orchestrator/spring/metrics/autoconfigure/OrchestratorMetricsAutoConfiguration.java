package dev.orchestrator.spring.metrics.autoconfigure;

import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.cluster.ClusterView;
import dev.orchestrator.spring.metrics.OrchestratorMetrics;
import dev.orchestrator.spring.observation.DefaultJobObservationConvention;
import dev.orchestrator.spring.observation.JobObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Orchestrator meters, when Micrometer is present, a {@link MeterRegistry} exists and
 * {@code orchestrator.metrics.enabled} is not false: events, circuit-breaker trips, handler errors
 * and cluster counts. The job meters come from the job observation
 * ({@code OrchestratorObservationAutoConfiguration}).
 */
@AutoConfiguration(
        after = OrchestratorAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, JobRegistry.class})
@ConditionalOnBooleanProperty(name = "orchestrator.metrics.enabled", matchIfMissing = true)
public final class OrchestratorMetricsAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does, when the conditions hold. */
    public OrchestratorMetricsAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    OrchestratorMetrics orchestratorMetrics(
            JobRegistry jobRegistry,
            ObjectProvider<ClusterView> cluster,
            ObjectProvider<JobObservationConvention> convention) {
        String jobObservation = DefaultJobObservationConvention.observationName(convention.getIfAvailable());
        return new OrchestratorMetrics(jobRegistry, cluster.getIfAvailable(), jobObservation);
    }
}
