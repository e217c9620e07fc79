package dev.orchestrator.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.test.EventRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The starter starts every orchestrator bean once it is built; the bean's constructor does not. */
class OrchestratorStarterTest {

    static class GreeterOrchestrator extends BaseOrchestrator<String> {
        final EventRecorder heard = EventRecorder.create();

        GreeterOrchestrator(Dispatcher dispatcher) {
            super("idle", dispatcher);
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            heard.accept(event);
        }
    }

    static final class HelloEvent extends BaseEvent {
        HelloEvent() {
            super("hello");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Orchestrators {
        @Bean
        GreeterOrchestrator greeterOrchestrator(Dispatcher dispatcher) {
            return new GreeterOrchestrator(dispatcher);
        }
    }

    @Test
    void anOrchestratorBeanIsStartedAndHearsItsBus() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
                .withUserConfiguration(Orchestrators.class)
                .run(context -> {
                    GreeterOrchestrator greeter = context.getBean(GreeterOrchestrator.class);
                    assertThat(greeter.isStarted()).isTrue();

                    HelloEvent hello = new HelloEvent();
                    context.getBean(Dispatcher.class).defaultBus().emit(hello);

                    assertThat(greeter.heard.awaitEvent(HelloEvent.class)).isSameAs(hello);
                    assertThat(context.getBean(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN, SignalBus.class))
                            .isSameAs(greeter.bus());
                });
    }

    /** Wraps orchestrators in a class-based proxy after initialization, as Spring AOP does for {@code @Timed}. */
    static final class ProxyingPostProcessor implements org.springframework.beans.factory.config.BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof BaseOrchestrator<?>) {
                org.springframework.aop.framework.ProxyFactory factory =
                        new org.springframework.aop.framework.ProxyFactory(bean);
                factory.setProxyTargetClass(true);
                return factory.getProxy();
            }
            return bean;
        }
    }

    @Test
    void anOrchestratorBeanBehindAClassBasedProxyIsStartedBeforeItIsWrapped() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
                .withUserConfiguration(Orchestrators.class)
                .withBean(ProxyingPostProcessor.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    GreeterOrchestrator greeter = context.getBean(GreeterOrchestrator.class);
                    assertThat(org.springframework.aop.support.AopUtils.isCglibProxy(greeter))
                            .isTrue();
                    assertThat(greeter.isStarted())
                            .as("asked through the proxy, answered by the target")
                            .isTrue();
                });
    }
}
