package dev.orchestrator.spring.observation.autoconfigure;

import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.autoconfigure.OrchestratorProperties;
import dev.orchestrator.spring.metrics.JobObservationMeterFilter;
import dev.orchestrator.spring.observation.DefaultJobObservationConvention;
import dev.orchestrator.spring.observation.JobObservationConvention;
import dev.orchestrator.spring.observation.ObservationJobInterceptor;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observes every job in one Micrometer Observation when an {@link ObservationRegistry} exists, with
 * the application's {@link JobObservationConvention} bean if it defines one; and, with Micrometer's
 * meters on the class path, describes the meters that observation makes (or denies them when
 * {@code orchestrator.metrics.enabled} is false).
 */
@AutoConfiguration(
        after = OrchestratorAutoConfiguration.class, // needs its JobRegistry and properties; the dispatcher
        // takes interceptors through an ObjectProvider, so this one's bean is seen whatever the order
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ObservationRegistry.class, JobRegistry.class})
public final class OrchestratorObservationAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does, when the conditions hold. */
    public OrchestratorObservationAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    ObservationJobInterceptor observationJobInterceptor(
            ObservationRegistry registry,
            JobRegistry jobRegistry,
            ObjectProvider<JobObservationConvention> convention) {
        return new ObservationJobInterceptor(registry, jobRegistry, convention.getIfAvailable());
    }

    /** The job observation's meters: their descriptions, or their absence. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterFilter.class)
    static class JobMetersConfiguration {

        @Bean
        @ConditionalOnMissingBean
        JobObservationMeterFilter jobObservationMeterFilter(
                ObjectProvider<JobObservationConvention> convention, OrchestratorProperties properties) {
            String name = DefaultJobObservationConvention.observationName(convention.getIfAvailable());
            return new JobObservationMeterFilter(name, properties.getMetrics().isEnabled());
        }
    }
}
