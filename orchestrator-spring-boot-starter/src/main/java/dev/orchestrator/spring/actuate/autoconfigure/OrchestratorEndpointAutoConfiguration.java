package dev.orchestrator.spring.actuate.autoconfigure;

import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.actuate.endpoint.JobEventLog;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.cluster.ClusterView;
import dev.orchestrator.spring.diagnostics.OrchestratorConfigurationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.PropertiesEndpointAccessResolver;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

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
            Dispatcher dispatcher,
            OrchestratorEndpointProperties properties,
            ObjectProvider<ClusterView> cluster,
            ObjectProvider<JobEventLog> events,
            ObjectProvider<EndpointAccessResolver> access,
            Environment environment) {
        EndpointAccessResolver resolver =
                access.getIfAvailable(() -> new PropertiesEndpointAccessResolver(environment));
        boolean cancelEnabled =
                resolver.accessFor(EndpointId.of("orchestrator"), Access.READ_ONLY) == Access.UNRESTRICTED;
        return new OrchestratorEndpoint(
                dispatcher,
                properties.getShowDetails(),
                properties.getRoles(),
                cluster.getIfAvailable(),
                events.getIfAvailable(),
                cancelEnabled);
    }

    /**
     * The events of each job, for the answer about one job; none when
     * {@code management.endpoint.orchestrator.events-per-job} is 0.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnExpression("${management.endpoint.orchestrator.events-per-job:"
            + OrchestratorEndpointProperties.DEFAULT_EVENTS_PER_JOB + "} != 0")
    JobEventLog orchestratorJobEventLog(Dispatcher dispatcher, OrchestratorEndpointProperties properties) {
        int eventsPerJob = properties.getEventsPerJob();
        if (eventsPerJob < 2) {
            throw OrchestratorConfigurationException.invalidProperty(
                    "management.endpoint.orchestrator.events-per-job",
                    eventsPerJob,
                    "0 keeps no events; otherwise at least 2 (a job's first event and its most recent ones)");
        }
        return new JobEventLog(
                dispatcher.registry(), eventsPerJob, dispatcher.config().historyMaxSize());
    }
}
