package dev.orchestrator.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobHandle;
import dev.orchestrator.spring.fixtures.BlockingJob;
import dev.orchestrator.spring.fixtures.FixtureExecutors;
import dev.orchestrator.test.EventRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The engine's four thread pools are built with Spring Boot's builders: Boot's
 * {@code TaskExecutorMetricsAutoConfiguration} publishes their {@code executor.*} metrics with the
 * bean name as the {@code name} tag, and they do not take the place of the application's own task
 * executor or scheduler.
 */
class EnginePoolsTest {

    static final List<String> POOLS = List.of(
            OrchestratorAutoConfiguration.EXECUTOR_BEAN,
            OrchestratorAutoConfiguration.DELIVERY_EXECUTOR_BEAN,
            OrchestratorAutoConfiguration.TIMER_BEAN,
            OrchestratorAutoConfiguration.HANDLE_EXECUTOR_BEAN);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    TaskExecutionAutoConfiguration.class,
                    TaskSchedulingAutoConfiguration.class,
                    TaskExecutorMetricsAutoConfiguration.class,
                    OrchestratorAutoConfiguration.class))
            .withUserConfiguration(FixtureExecutors.class)
            .withBean(OrchestratorLogger.class, () -> NoOpLogger.INSTANCE);

    @Test
    void bootPublishesTheExecutorMetricsOfEachPoolUnderItsBeanName() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            for (String pool : POOLS) {
                for (String meter : List.of("executor.pool.size", "executor.pool.max", "executor.queued")) {
                    assertThat(meters.find(meter).tag("name", pool).gauge())
                            .as("%s{name=%s}", meter, pool)
                            .isNotNull();
                }
                assertThat(meters.find("executor.completed").tag("name", pool).functionCounter())
                        .as("executor.completed{name=%s}", pool)
                        .isNotNull();
            }
            // the meters read the pools the engine uses
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            EventRecorder events = EventRecorder.on(context.getBean(SignalBus.class));
            BlockingJob job = new BlockingJob();
            JobHandle<Object> handle = dispatcher.submit(job);
            java.util.concurrent.CompletableFuture<Object> result = handle.result(); // asked before the job ends
            job.release();
            result.get(5, TimeUnit.SECONDS);
            events.awaitEvent(handle.id(), dev.orchestrator.event.JobSuccessEvent.class);
            BlockingJob timesOut = new BlockingJob(JobOptions.builder()
                    .timeout(java.time.Duration.ofMillis(20))
                    .build()); // its timeout fires on the timer
            dispatcher.dispatch(timesOut);
            events.awaitEvent(timesOut.id(), dev.orchestrator.event.JobTimeoutEvent.class);
            for (String pool : POOLS) {
                org.awaitility.Awaitility.await("a task completed on " + pool)
                        .atMost(java.time.Duration.ofSeconds(5))
                        .until(() -> meters.get("executor.completed")
                                        .tag("name", pool)
                                        .functionCounter()
                                        .count()
                                >= 1);
            }
        });
    }

    @Test
    void thePoolsDoNotTakeThePlaceOfTheApplicationsTaskExecutorOrScheduler() {
        runner.withUserConfiguration(Scheduling.class).run(context -> {
            assertThat(context).hasNotFailed();
            Consumer consumer = context.getBean(Consumer.class);
            assertThat(consumer.executor).isSameAs(context.getBean("applicationTaskExecutor"));
            assertThat(consumer.scheduler).isSameAs(context.getBean("taskScheduler"));
            assertThat(consumer.scheduledRan.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(consumer.scheduledOn)
                    .as("@Scheduled methods run on Boot's scheduler")
                    .startsWith("scheduling-");
            assertThat(context.getBean(Dispatcher.class).executionExecutor())
                    .isNotSameAs(context.getBean("applicationTaskExecutor"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Scheduling {
        @Bean
        Consumer consumer() {
            return new Consumer();
        }
    }

    /** Injects a task executor and a scheduler by type, as application code and libraries do, and is scheduled. */
    static class Consumer {
        @Autowired
        ThreadPoolTaskExecutor executor;

        @Autowired
        TaskScheduler scheduler;

        final CountDownLatch scheduledRan = new CountDownLatch(1);
        volatile String scheduledOn = "";

        @Scheduled(fixedDelay = 60_000)
        void everyMinute() {
            scheduledOn = Thread.currentThread().getName();
            scheduledRan.countDown();
        }
    }
}
