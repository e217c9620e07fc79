package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.orchestration.BaseOrchestrator;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Starts every orchestrator bean once it is built: an orchestrator handles events from
 * {@link BaseOrchestrator#start()} on, never from its constructor, so that no event reaches a bean
 * that is not fully built. It starts the bean itself, before any post-processor wraps it in a proxy
 * (a CGLIB proxy of an orchestrator has none of its state, and {@code start()} is final). Starting
 * twice does nothing, so a bean that starts itself is fine.
 */
final class OrchestratorStarter implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof BaseOrchestrator<?> orchestrator) {
            orchestrator.start();
        }
        return bean;
    }
}
