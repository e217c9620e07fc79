package dev.orchestrator.spring.health.autoconfigure;

import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.cluster.ClusterView;
import dev.orchestrator.spring.health.OrchestratorHealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code orchestrator} health indicator, when Spring Boot's health support is present. */
@AutoConfiguration(after = OrchestratorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Dispatcher.class)
@ConditionalOnEnabledHealthIndicator("orchestrator")
public final class OrchestratorHealthAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does, when the conditions hold. */
    public OrchestratorHealthAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean(name = "orchestratorHealthIndicator")
    OrchestratorHealthIndicator orchestratorHealthIndicator(
            Dispatcher dispatcher, ObjectProvider<ClusterView> cluster) {
        return new OrchestratorHealthIndicator(dispatcher, cluster.getIfAvailable());
    }
}
