package dev.orchestrator.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.Executor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dispatching thread's MDC is visible inside process, on every attempt, retries included. */
class MdcPropagationTest {

    static final class TracedJob extends BaseJob {
        TracedJob() {
            super(JobOptions.builder()
                    .retryPolicy(RetryPolicy.custom()
                            .maxRetries(1)
                            .baseDelay(Duration.ofMillis(1))
                            .build())
                    .build());
        }
    }

    /** Records the MDC value and the thread of each attempt; the first attempt fails. */
    static final class TracedExecutor extends BaseExecutor<TracedJob> {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        protected Object process(TracedJob job) {
            seen.add(String.valueOf(MDC.get("requestId")));
            threads.add(Thread.currentThread());
            if (seen.size() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return "ok";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Executors {
        @Bean
        @Executor
        TracedExecutor tracedExecutor() {
            return new TracedExecutor();
        }
    }

    @Test
    void theDispatchersMdcIsVisibleInEveryAttemptAndRemovedAfterwards() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
                .withUserConfiguration(Executors.class)
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    TracedExecutor executor = context.getBean(TracedExecutor.class);
                    String id;
                    MDC.put("requestId", "req-42");
                    try {
                        id = dispatcher.dispatch(new TracedJob());
                    } finally {
                        MDC.remove("requestId");
                    }
                    await().atMost(Duration.ofSeconds(5))
                            .until(() -> dispatcher.registry().finished(id).isPresent());

                    assertThat(executor.seen).containsExactly("req-42", "req-42");
                    assertThat(executor.threads).doesNotContain(Thread.currentThread());
                    // the worker's own MDC is restored: a job dispatched without MDC sees none
                    executor.seen.clear();
                    String plain = dispatcher.dispatch(new TracedJob());
                    await().atMost(Duration.ofSeconds(5))
                            .until(() -> dispatcher.registry().finished(plain).isPresent());
                    assertThat(executor.seen).containsExactly("null", "null");
                });
    }
}
