package dev.orchestrator.test.spring;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.test.EventRecorder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * An {@link EventRecorder} bean on the application's primary (global) {@link SignalBus}, cleared
 * before each test method by {@link EventRecorderTestExecutionListener}.
 */
@AutoConfiguration(afterName = VirtualTimeAutoConfiguration.STARTER_AUTO_CONFIGURATION)
@ConditionalOnBean(SignalBus.class)
public final class EventRecorderAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public EventRecorderAutoConfiguration() {}

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    EventRecorder orchestratorEventRecorder(SignalBus bus) {
        return EventRecorder.on(bus);
    }
}
