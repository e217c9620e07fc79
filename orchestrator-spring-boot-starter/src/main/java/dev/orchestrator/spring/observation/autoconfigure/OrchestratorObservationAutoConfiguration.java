package dev.orchestrator.spring.observation.autoconfigure;

import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.observation.ObservationJobInterceptor;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Runs each job attempt in a Micrometer Observation when an {@link ObservationRegistry} exists. */
@AutoConfiguration(
        before = OrchestratorAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class OrchestratorObservationAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does, when the conditions hold. */
    public OrchestratorObservationAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    ObservationJobInterceptor observationJobInterceptor(ObservationRegistry registry) {
        return new ObservationJobInterceptor(registry);
    }
}
