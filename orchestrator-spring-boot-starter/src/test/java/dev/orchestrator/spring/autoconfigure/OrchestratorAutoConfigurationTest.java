package dev.orchestrator.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseExecutor;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.Dispatcher;
import dev.orchestrator.job.JobRegistry;
import dev.orchestrator.spring.Executor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class OrchestratorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class));

    static final class PingJob extends BaseJob {
    }

    @Executor
    static final class PingExecutor extends BaseExecutor<PingJob> {
        @Override
        protected Object process(PingJob job) {
            return "pong";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ExecutorConfig {
        @Bean
        PingExecutor pingExecutor() {
            return new PingExecutor();
        }
    }

    @Test
    void createsTheCoreBeansAndRegistersExecutors() {
        runner.withUserConfiguration(ExecutorConfig.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(Dispatcher.class).hasSingleBean(JobRegistry.class)
                    .hasSingleBean(OrchestratorConfig.class);
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            assertThat(dispatcher.executors()).containsKey(PingJob.class);
            SignalBus bus = context.getBean(SignalBus.class);
            List<BaseEvent> events = new CopyOnWriteArrayList<>();
            bus.subscribe(events::add);
            String id = dispatcher.dispatch(new PingJob());
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                    .anyMatch(e -> e instanceof JobSuccessEvent && e.correlationId().equals(id)));
        });
    }
}
