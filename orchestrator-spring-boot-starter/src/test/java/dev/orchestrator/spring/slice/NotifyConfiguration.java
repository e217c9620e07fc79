package dev.orchestrator.spring.slice;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An executor declared by a {@code @Bean} method: the slice keeps its configuration class. */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

    static final class NotifyJob extends BaseJob {}

    static final class NotifyExecutor extends BaseExecutor<NotifyJob> {
        @Override
        protected Object process(NotifyJob job) {
            return "notified";
        }
    }

    @Bean
    @Executor
    NotifyExecutor notifyExecutor() {
        return new NotifyExecutor();
    }
}
