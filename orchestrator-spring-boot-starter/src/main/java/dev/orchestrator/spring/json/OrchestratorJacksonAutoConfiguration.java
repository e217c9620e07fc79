package dev.orchestrator.spring.json;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers {@link OrchestratorJacksonModule} when Jackson is on the class path: Spring Boot adds
 * every {@code JacksonModule} bean to the {@code JsonMapper} it configures, so jobs read and write
 * as JSON with no code in the job classes.
 */
@AutoConfiguration
@ConditionalOnClass(JsonMapper.class)
public final class OrchestratorJacksonAutoConfiguration {

    /** Creates the auto-configuration. */
    public OrchestratorJacksonAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    OrchestratorJacksonModule orchestratorJacksonModule() {
        return new OrchestratorJacksonModule();
    }
}
