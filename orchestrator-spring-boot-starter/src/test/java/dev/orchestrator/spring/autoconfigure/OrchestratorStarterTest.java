package dev.orchestrator.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The starter starts every orchestrator bean once it is built; the bean's constructor does not. */
class OrchestratorStarterTest {

    static final class GreeterOrchestrator extends BaseOrchestrator<String> {
        final List<BaseEvent> heard = new CopyOnWriteArrayList<>();

        GreeterOrchestrator(Dispatcher dispatcher) {
            super("idle", dispatcher);
        }

        @Override
        protected void onPassiveEvent(BaseEvent event) {
            heard.add(event);
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

                    org.awaitility.Awaitility.await()
                            .atMost(java.time.Duration.ofSeconds(5))
                            .until(() -> greeter.heard.contains(hello));
                    assertThat(context.getBean(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN, SignalBus.class))
                            .isSameAs(greeter.bus());
                });
    }
}
