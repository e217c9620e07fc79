package dev.orchestrator.spring.actuate.autoconfigure;

import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.cluster.ClusterView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code orchestrator} actuator endpoint, when Actuator is present and the endpoint available;
 * its settings are {@code management.endpoint.orchestrator.*} ({@link OrchestratorEndpointProperties}).
 */
@AutoConfiguration(after = OrchestratorAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(Dispatcher.class)
@ConditionalOnAvailableEndpoint(OrchestratorEndpoint.class)
@EnableConfigurationProperties(OrchestratorEndpointProperties.class)
public final class OrchestratorEndpointAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does, when the conditions hold. */
    public OrchestratorEndpointAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    OrchestratorEndpoint orchestratorEndpoint(
            Dispatcher dispatcher, OrchestratorEndpointProperties properties, ObjectProvider<ClusterView> cluster) {
        return new OrchestratorEndpoint(
                dispatcher, properties.getShowDetails(), properties.getRoles(), cluster.getIfAvailable());
    }
}
