package dev.orchestrator.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.Executor;
import dev.orchestrator.test.EventRecorder;
import dev.orchestrator.test.OrchestratorAssertions;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An {@code @Executor} wrapped in a Spring AOP class proxy (as {@code @Transactional} or
 * {@code @Timed} would wrap it) is registered, its advice runs around {@code process}, and the real
 * object still reports progress for the job it is given.
 */
class ProxiedExecutorBeanTest {

    static final class AdvisedJob extends BaseJob {}

    @Executor
    static class AdvisedExecutor extends BaseExecutor<AdvisedJob> {
        @Override
        protected Object process(AdvisedJob job) {
            emitProgress(job, 0.5, "half way");
            throwIfCancelled(job);
            return "done";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Advised {
        static final AtomicInteger advised = new AtomicInteger();

        @Bean
        @Executor
        AdvisedExecutor advisedExecutor() {
            ProxyFactory factory = new ProxyFactory(new AdvisedExecutor());
            factory.setProxyTargetClass(true);
            factory.addAdvice((MethodInterceptor) invocation -> {
                if (invocation.getMethod().getName().equals("process")) {
                    advised.incrementAndGet();
                }
                return invocation.proceed();
            });
            return (AdvisedExecutor) factory.getProxy();
        }
    }

    @Test
    void aProxiedExecutorRunsItsAdviceAndReportsProgress() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
                .withUserConfiguration(Advised.class)
                .run(context -> {
                    assertThat(AopUtils.isCglibProxy(context.getBean(AdvisedExecutor.class)))
                            .isTrue();
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    EventRecorder events = EventRecorder.on(context.getBean(SignalBus.class));

                    String id = dispatcher.dispatch(new AdvisedJob());

                    OrchestratorAssertions.assertThat(events)
                            .job(id)
                            .succeeded()
                            .hasEventTypes(JobStartedEvent.class, JobProgressEvent.class, JobSuccessEvent.class);
                    assertThat(Advised.advised).hasValue(1);
                });
    }
}
