package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.orchestration.BaseOrchestrator;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Starts every orchestrator bean once it is initialized: an orchestrator handles events from
 * {@link BaseOrchestrator#start()} on, never from its constructor, so that no event reaches a bean
 * that is not fully built. Starting twice does nothing, so a bean that starts itself is fine.
 */
final class OrchestratorStarter implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof BaseOrchestrator<?> orchestrator) {
            orchestrator.start();
        }
        return bean;
    }
}
