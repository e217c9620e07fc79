package dev.orchestrator.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.Executor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Graceful shutdown with many running jobs: on context close, jobs that finish within the grace
 * period succeed, the rest are cancelled, every job ends with exactly one terminal event, and
 * dispatching after close fails with a clear exception.
 */
class GracefulShutdownTest {

    static final int BLOCKED = 1_000;

    static final class HoldJob extends BaseJob {
        final boolean quick;

        HoldJob(boolean quick) {
            this.quick = quick;
        }
    }

    /** Quick jobs wait for the shutdown to begin, then finish; the others ignore interruption until released. */
    static final class HoldExecutor extends BaseExecutor<HoldJob> {
        final CountDownLatch shutdownBegun = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger();

        @Override
        protected Object process(HoldJob job) throws InterruptedException {
            running.incrementAndGet();
            if (job.quick) {
                shutdownBegun.await();
                return "finished in grace";
            }
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // a job that ignores interruption must still get its terminal event
                }
            }
            return "too late";
        }
    }

    /** Dispatches the blocked jobs and counts the cancellations it is told about. */
    static final class HoldOrchestrator extends dev.orchestrator.orchestration.BaseOrchestrator<Integer> {
        final AtomicInteger cancelledHooks = new AtomicInteger();

        HoldOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super(0, dispatcher, bus);
        }

        @Override
        protected void onActiveCancelled(JobCancelledEvent event) {
            cancelledHooks.incrementAndGet();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Jobs {
        @Bean
        HoldOrchestrator holdOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            return new HoldOrchestrator(dispatcher, bus);
        }

        @Bean
        @Executor
        HoldExecutor holdExecutor() {
            return new HoldExecutor();
        }

        @Bean
        dev.orchestrator.logging.OrchestratorLogger quietLogger() {
            return NoOpLogger.INSTANCE;
        }
    }

    @Test
    void closingTheContextEndsEveryRunningJobWithOneTerminalEventWithinTheGracePeriod() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
                .withUserConfiguration(Jobs.class)
                .withPropertyValues(
                        "orchestrator.execution.pool-size=" + (BLOCKED + 10),
                        "orchestrator.shutdown.grace-period=500ms")
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    HoldExecutor executor = context.getBean(HoldExecutor.class);
                    SignalBus bus = context.getBean(SignalBus.class);
                    Map<String, List<Class<? extends BaseEvent>>> terminals = new ConcurrentHashMap<>();
                    java.util.concurrent.atomic.AtomicLong lastTerminalAt =
                            new java.util.concurrent.atomic.AtomicLong();
                    bus.subscribe(event -> {
                        if (event instanceof JobEvent && ((JobEvent) event).isTerminal()) {
                            terminals
                                    .computeIfAbsent(event.correlationId(), id -> new ArrayList<>())
                                    .add(event.getClass());
                            lastTerminalAt.accumulateAndGet(System.nanoTime(), Math::max);
                        }
                    });
                    List<String> quick = new ArrayList<>();
                    List<String> blocked = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        quick.add(dispatcher.dispatch(new HoldJob(true)));
                    }
                    HoldOrchestrator orchestrator = context.getBean(HoldOrchestrator.class);
                    for (int i = 0; i < BLOCKED; i++) {
                        blocked.add(orchestrator.dispatch(new HoldJob(false)));
                    }
                    await().atMost(Duration.ofSeconds(30)).until(() -> executor.running.get() == BLOCKED + 10);

                    long closeStarted = System.nanoTime();
                    Thread opener = new Thread(() -> {
                        await().atMost(Duration.ofSeconds(5)).until(dispatcher::isShutdown);
                        executor.shutdownBegun.countDown();
                    });
                    opener.start();
                    ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();

                    await().atMost(Duration.ofSeconds(5)).until(() -> terminals.size() == BLOCKED + 10);
                    assertThat(Duration.ofNanos(lastTerminalAt.get() - closeStarted))
                            .as("every job ended, its terminal event delivered, within the grace period plus 1 s")
                            .isLessThan(Duration.ofMillis(500).plusSeconds(1));
                    quick.forEach(id -> assertThat(terminals.get(id)).containsExactly(JobSuccessEvent.class));
                    blocked.forEach(id -> assertThat(terminals.get(id)).containsExactly(JobCancelledEvent.class));
                    assertThat(orchestrator.cancelledHooks)
                            .as("the orchestrator handled every cancellation before the context closed it")
                            .hasValue(BLOCKED);
                    assertThatThrownBy(() -> dispatcher.dispatch(new HoldJob(true)))
                            .isInstanceOf(RejectedExecutionException.class)
                            .hasMessageContaining("shut down");
                    executor.release.countDown();
                });
    }

    @Test
    void pausingTheContextLeavesTheDispatcherRunningAsForACachedTestContext() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
                .withUserConfiguration(Jobs.class)
                .run(context -> {
                    ConfigurableApplicationContext source =
                            (ConfigurableApplicationContext) context.getSourceApplicationContext();
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    HoldExecutor executor = context.getBean(HoldExecutor.class);
                    executor.shutdownBegun.countDown(); // quick jobs finish at once

                    source.pause(); // what Spring's test framework does to a cached context not in use
                    assertThat(dispatcher.isShutdown())
                            .as("a pause is not a close")
                            .isFalse();
                    source.restart();

                    String id = dispatcher.dispatch(new HoldJob(true));
                    await().atMost(Duration.ofSeconds(5))
                            .until(() -> dispatcher.registry().finished(id).isPresent());

                    source.close();
                    assertThat(dispatcher.isShutdown()).isTrue();
                });
    }
}
