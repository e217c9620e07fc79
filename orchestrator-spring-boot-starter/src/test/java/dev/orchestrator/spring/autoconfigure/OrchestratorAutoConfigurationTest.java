package dev.orchestrator.spring.autoconfigure;

import static dev.orchestrator.test.EventRecorder.DEFAULT_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.JobDefaults;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobStartedEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.FinishedJob;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.orchestration.OrchestratorObserver;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.actuate.autoconfigure.OrchestratorEndpointAutoConfiguration;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint;
import dev.orchestrator.spring.fixtures.BlockingJob;
import dev.orchestrator.spring.fixtures.FailingJob;
import dev.orchestrator.spring.fixtures.FixtureExecutors;
import dev.orchestrator.spring.fixtures.PingJob;
import dev.orchestrator.spring.health.OrchestratorHealthIndicator;
import dev.orchestrator.spring.health.autoconfigure.OrchestratorHealthAutoConfiguration;
import dev.orchestrator.spring.logging.Slf4jOrchestratorLogger;
import dev.orchestrator.spring.metrics.OrchestratorMetrics;
import dev.orchestrator.spring.metrics.autoconfigure.OrchestratorMetricsAutoConfiguration;
import dev.orchestrator.spring.observation.ObservationJobInterceptor;
import dev.orchestrator.spring.observation.autoconfigure.OrchestratorObservationAutoConfiguration;
import dev.orchestrator.test.EventRecorder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.system.JavaVersion;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Issue 3, "Auto-configuration" and "orchestrator.* properties": the core beans and their defaults,
 * back-off of every bean, properties mapped to the config (a job's own setting wins), isolation of
 * two contexts, virtual threads, and the starter without Actuator or Micrometer.
 */
class OrchestratorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class));

    // ---- default beans -----------------------------------------------------------------------

    @Test
    void everyAutoConfigurationIsListedInTheImportsFile() {
        List<String> imports = ImportCandidates.load(
                        AutoConfiguration.class, getClass().getClassLoader())
                .getCandidates();

        assertThat(imports)
                .contains(
                        OrchestratorAutoConfiguration.class.getName(),
                        OrchestratorEndpointAutoConfiguration.class.getName(),
                        OrchestratorHealthAutoConfiguration.class.getName(),
                        OrchestratorMetricsAutoConfiguration.class.getName(),
                        OrchestratorObservationAutoConfiguration.class.getName());
    }

    @Test
    void createsTheConfigWithTheCoreDefaults() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(OrchestratorConfig.class);
            OrchestratorConfig config = context.getBean(OrchestratorConfig.class);
            OrchestratorConfig defaults = OrchestratorConfig.ofDefaults();
            assertThat(config.maxEventsPerSecond()).isEqualTo(50);
            assertThat(config.typeLimits()).isEmpty();
            assertThat(config.executionPoolSize()).isEqualTo(defaults.executionPoolSize());
            assertThat(config.executionQueueCapacity()).isEqualTo(10_000);
            assertThat(config.historyMaxSize()).isEqualTo(1_000);
            assertThat(config.historyTtl()).isEqualTo(Duration.ofHours(1));
            assertThat(config.jobDefaults()).isEmpty();
            assertThat(config.logger()).isSameAs(context.getBean(OrchestratorLogger.class));
        });
    }

    @Test
    void createsAnOrchestratorLoggerThatWritesToSlf4jUnderDevOrchestrator() {
        runner.run(context -> {
            OrchestratorLogger logger = context.getBean(OrchestratorLogger.class);
            assertThat(logger).isInstanceOf(Slf4jOrchestratorLogger.class);

            List<ILoggingEvent> logged = captureLogs(() -> logger.warning("disk almost full"));

            assertThat(logged).singleElement().satisfies(event -> {
                assertThat(event.getLoggerName()).startsWith("dev.orchestrator");
                assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                assertThat(event.getFormattedMessage()).isEqualTo("disk almost full");
            });
        });
    }

    @Test
    void loggingLevelPropertyDropsLessSevereMessages() {
        runner.withPropertyValues("orchestrator.logging.level=ERROR").run(context -> {
            OrchestratorLogger logger = context.getBean(OrchestratorLogger.class);

            List<ILoggingEvent> logged = captureLogs(() -> {
                logger.warning("dropped");
                logger.error("kept", null);
            });

            assertThat(logged).extracting(ILoggingEvent::getFormattedMessage).containsExactly("kept");
            assertThat(logger.isEnabled(LogLevel.WARNING)).isFalse();
        });
    }

    @Test
    void loggingLevelAcceptsSlf4jsWarnAndAnyCase() {
        runner.withPropertyValues("orchestrator.logging.level=warn").run(context -> {
            OrchestratorLogger logger = context.getBean(OrchestratorLogger.class);
            assertThat(logger.isEnabled(LogLevel.INFO)).isFalse();
            assertThat(logger.isEnabled(LogLevel.WARNING)).isTrue();
        });
        runner.withPropertyValues("orchestrator.logging.level=eRRor").run(context -> {
            OrchestratorLogger logger = context.getBean(OrchestratorLogger.class);
            assertThat(logger.isEnabled(LogLevel.WARNING)).isFalse();
            assertThat(logger.isEnabled(LogLevel.ERROR)).isTrue();
        });
    }

    @Test
    void anUnknownLoggingLevelFailsStartupNamingTheValidOnes() {
        runner.withPropertyValues("orchestrator.logging.level=loud").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("'loud' is not a log level; use debug, info, warn (or warning) or error");
        });
    }

    @Test
    void globalBusIsNamedGlobalAndIsPrimaryAmongSeveralBuses() {
        runner.withUserConfiguration(ModuleBusConfig.class).run(context -> {
            assertThat(context.getBeansOfType(SignalBus.class)).hasSize(2);
            SignalBus global = context.getBean(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN, SignalBus.class);
            assertThat(global.name()).isEqualTo(SignalBus.GLOBAL_NAME).isEqualTo("global");
            assertThat(context.getBean(SignalBus.class)).isSameAs(global);
            assertThat(global).as("a bus of this context, not the JVM-wide one").isNotSameAs(SignalBus.instance());
            assertThat(context.getBean(JobRegistry.class).buses())
                    .extracting(SignalBus::name)
                    .as("every bus bean is tracked by the registry")
                    .containsExactly("global", "modules");
        });
    }

    @Test
    void createsABoundedPoolExecutorWithTheConfiguredSizeAndQueue() {
        runner.withPropertyValues("orchestrator.execution.pool-size=3", "orchestrator.execution.queue-capacity=7")
                .run(context -> {
                    ThreadPoolExecutor pool = context.getBean(
                                    OrchestratorAutoConfiguration.EXECUTOR_BEAN, ThreadPoolTaskExecutor.class)
                            .getThreadPoolExecutor();
                    assertThat(pool.getCorePoolSize()).isEqualTo(3);
                    assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
                    assertThat(pool.getQueue()).isInstanceOf(LinkedBlockingQueue.class);
                    assertThat(pool.getQueue().remainingCapacity()).isEqualTo(7);
                });
    }

    @Test
    void refusesADispatchWhenThePoolAndItsQueueAreFull() {
        runner.withUserConfiguration(FixtureExecutors.class)
                .withPropertyValues("orchestrator.execution.pool-size=1", "orchestrator.execution.queue-capacity=1")
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    EventRecorder events = EventRecorder.on(context.getBean(SignalBus.class));
                    BlockingJob running = new BlockingJob();
                    BlockingJob queued = new BlockingJob();
                    dispatcher.dispatch(running);
                    assertThat(running.started().await(5, TimeUnit.SECONDS)).isTrue();
                    dispatcher.dispatch(queued);

                    BlockingJob refused = new BlockingJob();
                    assertThatExceptionOfType(RejectedExecutionException.class)
                            .isThrownBy(() -> dispatcher.dispatch(refused));
                    assertThat(dispatcher.isRunning(refused.id())).isFalse();

                    running.release();
                    queued.release();
                    events.awaitEvent(running.id(), JobSuccessEvent.class);
                    events.awaitEvent(queued.id(), JobSuccessEvent.class);
                });
    }

    @Test
    void wiresTheDispatcherToTheRegistryGlobalBusAndExecutorBeans() {
        runner.withUserConfiguration(FixtureExecutors.class).run(context -> {
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            ThreadPoolExecutor pool = context.getBean(
                            OrchestratorAutoConfiguration.EXECUTOR_BEAN, ThreadPoolTaskExecutor.class)
                    .getThreadPoolExecutor();
            assertThat(dispatcher.registry()).isSameAs(context.getBean(JobRegistry.class));
            assertThat(dispatcher.defaultBus())
                    .isSameAs(context.getBean(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN));
            assertThat(dispatcher.executionExecutor()).isSameAs(pool);
            assertThat(dispatcher.config()).isSameAs(context.getBean(OrchestratorConfig.class));
            assertThat(dispatcher.executors()).containsOnlyKeys(PingJob.class, BlockingJob.class, FailingJob.class);

            Thread worker = runPing(context);

            assertThat(worker.getName()).startsWith("orchestrator-");
            // the pool counts a task once it has returned, just after the job's ending was emitted
            await("the job ran on the executor bean")
                    .atMost(DEFAULT_TIMEOUT)
                    .until(() -> pool.getCompletedTaskCount() >= 1);
        });
    }

    @Test
    void anOrchestratorBeanPicksANamedModuleBus() {
        runner.withUserConfiguration(FixtureExecutors.class, ModuleBusConfig.class, UploadsConfig.class)
                .run(context -> {
                    UploadsOrchestrator uploads = context.getBean(UploadsOrchestrator.class);
                    SignalBus modules = context.getBean("modulesBus", SignalBus.class);
                    SignalBus global = context.getBean(SignalBus.class);
                    assertThat(uploads.bus()).isSameAs(modules);
                    EventRecorder onModules = EventRecorder.on(modules);
                    EventRecorder onGlobal = EventRecorder.on(global);

                    String id = uploads.dispatch(new PingJob());

                    onModules.awaitEvent(id, JobSuccessEvent.class);
                    await().atMost(DEFAULT_TIMEOUT)
                            .until(() -> uploads.getState().equals("done " + id));
                    onGlobal.flush();
                    assertThat(onGlobal.eventsOf(id, JobStartedEvent.class)).isEmpty();
                    assertThat(onGlobal.eventsOf(id, JobSuccessEvent.class)).isEmpty();
                });
    }

    // ---- back-off ----------------------------------------------------------------------------

    @Test
    void backsOffWhenUserDefinesOrchestratorConfig() {
        OrchestratorConfig own = OrchestratorConfig.custom()
                .logger(NoOpLogger.INSTANCE)
                .maxEventsPerSecond(7)
                .build();
        runner.withBean(OrchestratorConfig.class, () -> own)
                .withPropertyValues("orchestrator.circuit-breaker.max-events-per-second=99")
                .run(context -> {
                    assertThat(context).hasSingleBean(OrchestratorConfig.class);
                    assertThat(context.getBean(OrchestratorConfig.class)).isSameAs(own);
                    assertThat(context.getBean(Dispatcher.class).config()).isSameAs(own);
                    assertThat(context.getBean(Dispatcher.class).config().maxEventsPerSecond())
                            .isEqualTo(7);
                });
    }

    @Test
    void backsOffWhenUserDefinesOrchestratorLogger() {
        OrchestratorLogger own = NoOpLogger.INSTANCE;
        runner.withBean(OrchestratorLogger.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(OrchestratorLogger.class);
            assertThat(context.getBean(OrchestratorLogger.class)).isSameAs(own);
            assertThat(context.getBean(OrchestratorConfig.class).logger()).isSameAs(own);
        });
    }

    @Test
    void backsOffWhenUserDefinesJobRegistry() {
        JobRegistry own = new JobRegistry(
                OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build());
        runner.withBean(JobRegistry.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(JobRegistry.class);
            assertThat(context.getBean(Dispatcher.class).registry()).isSameAs(own);
        });
    }

    @Test
    void backsOffWhenUserDefinesGlobalSignalBus() {
        SignalBus own =
                SignalBus.builder("my-global").logger(NoOpLogger.INSTANCE).build();
        runner.withBean(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN, SignalBus.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(SignalBus.class);
                    assertThat(context.getBean(Dispatcher.class).defaultBus()).isSameAs(own);
                });
    }

    @Test
    void backsOffWhenUserDefinesOrchestratorExecutor() {
        AtomicInteger runs = new AtomicInteger();
        Executor own = task -> {
            runs.incrementAndGet();
            new Thread(task, "custom-worker").start();
        };
        runner.withUserConfiguration(FixtureExecutors.class)
                .withBean(OrchestratorAutoConfiguration.EXECUTOR_BEAN, Executor.class, () -> own)
                .run(context -> {
                    assertThat(context.getBeansOfType(ThreadPoolTaskExecutor.class))
                            .containsOnlyKeys(
                                    OrchestratorAutoConfiguration.DELIVERY_EXECUTOR_BEAN,
                                    OrchestratorAutoConfiguration.HANDLE_EXECUTOR_BEAN);
                    assertThat(context.getBean(OrchestratorAutoConfiguration.EXECUTOR_BEAN))
                            .isSameAs(own);
                    assertThat(context.getBean(Dispatcher.class).executionExecutor())
                            .isSameAs(own);

                    assertThat(runPing(context).getName()).isEqualTo("custom-worker");
                    assertThat(runs).hasValue(1);
                });
    }

    @Test
    void backsOffWhenUserDefinesDispatcher() {
        Dispatcher own = Dispatcher.builder()
                .config(OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build())
                .build();
        runner.withUserConfiguration(FixtureExecutors.class)
                .withBean(Dispatcher.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(Dispatcher.class);
                    assertThat(context.getBean(Dispatcher.class)).isSameAs(own);
                    assertThat(own.executors())
                            .as("@Executor beans are registered with the user's dispatcher")
                            .containsOnlyKeys(PingJob.class, BlockingJob.class, FailingJob.class);
                });
    }

    @Test
    void backsOffWhenUserDefinesOrchestratorLifecycle() {
        runner.withUserConfiguration(OwnLifecycleConfig.class).run(context -> {
            assertThat(context).hasSingleBean(OrchestratorLifecycle.class);
            assertThat(context.getBean(OrchestratorLifecycle.class).getPhase()).isEqualTo(OrchestratorLifecycle.PHASE);
            assertThat(context.getBean(OrchestratorLifecycle.class))
                    .isSameAs(context.getBean(OwnLifecycleConfig.class).lifecycle);
        });
    }

    // ---- properties --------------------------------------------------------------------------

    @Test
    void circuitBreakerPropertiesMapToTheConfig() {
        runner.withPropertyValues(
                        "orchestrator.circuit-breaker.max-events-per-second=7",
                        "orchestrator.circuit-breaker.type-limits.dev.orchestrator.event.JobProgressEvent=3",
                        "orchestrator.circuit-breaker.type-limits[" + NestedEvent.class.getName() + "]=2")
                .run(context -> {
                    OrchestratorConfig config = context.getBean(OrchestratorConfig.class);
                    assertThat(config.maxEventsPerSecond()).isEqualTo(7);
                    assertThat(config.typeLimits()).containsOnlyKeys(JobProgressEvent.class, NestedEvent.class);
                    assertThat(config.limitFor(JobProgressEvent.class)).isEqualTo(3);
                    assertThat(config.limitFor(NestedEvent.class)).isEqualTo(2);
                    assertThat(config.limitFor(JobStartedEvent.class)).isEqualTo(7);
                });
    }

    @Test
    void executionAndHistoryPropertiesMapToTheConfig() {
        runner.withPropertyValues(
                        "orchestrator.execution.pool-size=3",
                        "orchestrator.execution.queue-capacity=11",
                        "orchestrator.execution.max-active-jobs=13",
                        "orchestrator.history.max-size=5",
                        "orchestrator.history.ttl=10m")
                .run(context -> {
                    OrchestratorConfig config = context.getBean(OrchestratorConfig.class);
                    assertThat(config.executionPoolSize()).isEqualTo(3);
                    assertThat(config.executionQueueCapacity()).isEqualTo(11);
                    assertThat(config.maxActiveJobs()).isEqualTo(13);
                    assertThat(config.historyMaxSize()).isEqualTo(5);
                    assertThat(config.historyTtl()).isEqualTo(Duration.ofMinutes(10));
                });
    }

    @Test
    void historyMaxSizeBoundsTheFinishedJobsTheRegistryKeeps() {
        runner.withUserConfiguration(FixtureExecutors.class)
                .withPropertyValues("orchestrator.history.max-size=5")
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    AtomicInteger finished = new AtomicInteger();
                    dispatcher.registry().addObserver(new OrchestratorObserver() {
                        @Override
                        public void jobFinished(FinishedJob job) {
                            finished.incrementAndGet();
                        }
                    });
                    for (int i = 0; i < 7; i++) {
                        dispatcher.dispatch(new PingJob());
                    }

                    await().atMost(DEFAULT_TIMEOUT)
                            .untilAsserted(() -> assertThat(finished).hasValue(7));
                    assertThat(dispatcher.registry().finishedJobs()).hasSize(5);
                });
    }

    @Test
    void jobPropertiesMapToTheDefaultsOfThatJobTypeOnly() {
        runner.withUserConfiguration(FixtureExecutors.class)
                .withPropertyValues(
                        "orchestrator.jobs.PingJob.timeout=2s",
                        "orchestrator.jobs.PingJob.retry.max-retries=2",
                        "orchestrator.jobs.PingJob.retry.base-delay=5ms",
                        "orchestrator.jobs.PingJob.retry.max-delay=20ms",
                        "orchestrator.jobs.PingJob.retry.exponential-backoff=false")
                .run(context -> {
                    OrchestratorConfig config = context.getBean(OrchestratorConfig.class);
                    JobDefaults ping = config.jobDefaultsFor(PingJob.class);
                    assertThat(ping.timeout()).contains(Duration.ofSeconds(2));
                    RetryPolicy retry = ping.retryPolicy().orElseThrow();
                    assertThat(retry.maxRetries()).isEqualTo(2);
                    assertThat(retry.baseDelay()).isEqualTo(Duration.ofMillis(5));
                    assertThat(retry.maxDelay()).isEqualTo(Duration.ofMillis(20));
                    assertThat(retry.exponentialBackoff()).isFalse();
                    assertThat(config.jobDefaultsFor(BlockingJob.class)).isEqualTo(JobDefaults.none());
                });
    }

    @Test
    void jobPropertiesTakeTheCoreRetryDefaultsForWhatIsNotSet() {
        runner.withUserConfiguration(FixtureExecutors.class)
                .withPropertyValues("orchestrator.jobs.PingJob.retry.max-retries=5")
                .run(context -> {
                    JobDefaults ping = context.getBean(OrchestratorConfig.class).jobDefaultsFor(PingJob.class);
                    assertThat(ping.timeout()).isEmpty();
                    RetryPolicy retry = ping.retryPolicy().orElseThrow();
                    assertThat(retry.maxRetries()).isEqualTo(5);
                    assertThat(retry.baseDelay()).isEqualTo(RetryPolicy.DEFAULT_BASE_DELAY);
                    assertThat(retry.maxDelay()).isEqualTo(RetryPolicy.DEFAULT_MAX_DELAY);
                    assertThat(retry.exponentialBackoff()).isEqualTo(RetryPolicy.DEFAULT_EXPONENTIAL_BACKOFF);
                });
    }

    @Test
    void jobPropertyKeyMayBeWrittenInKebabCase() {
        runner.withUserConfiguration(FixtureExecutors.class)
                .withPropertyValues("orchestrator.jobs.ping-job.timeout=3s")
                .run(context -> assertThat(context.getBean(OrchestratorConfig.class)
                                .jobDefaultsFor(PingJob.class)
                                .timeout())
                        .contains(Duration.ofSeconds(3)));
    }

    @Test
    void jobRetryPropertiesApplyToADispatchedJobAndTheJobsOwnPolicyWins() {
        runner.withUserConfiguration(FixtureExecutors.class)
                .withBean(OrchestratorLogger.class, () -> NoOpLogger.INSTANCE)
                .withPropertyValues(
                        "orchestrator.jobs.FailingJob.retry.max-retries=2",
                        "orchestrator.jobs.FailingJob.retry.base-delay=1ms",
                        "orchestrator.jobs.FailingJob.retry.max-delay=2ms")
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
                    FailingJob withDefaults = new FailingJob();
                    FailingJob withOwnPolicy = new FailingJob(
                            JobOptions.builder().retryPolicy(RetryPolicy.none()).build());

                    dispatcher.dispatch(withDefaults);
                    dispatcher.dispatch(withOwnPolicy);

                    assertThat(events.awaitEvent(withDefaults.id(), JobFailureEvent.class)
                                    .wasRetried())
                            .isTrue();
                    assertThat(events.eventsOf(withDefaults.id(), JobRetryingEvent.class))
                            .hasSize(2);
                    assertThat(withDefaults.attempts()).isEqualTo(3);
                    // the failure event is the last event of a job, delivered in order: no retry can follow it
                    assertThat(events.awaitEvent(withOwnPolicy.id(), JobFailureEvent.class)
                                    .wasRetried())
                            .isFalse();
                    assertThat(events.eventsOf(withOwnPolicy.id(), JobRetryingEvent.class))
                            .isEmpty();
                    assertThat(withOwnPolicy.attempts()).isEqualTo(1);
                });
    }

    @Test
    void jobTimeoutPropertyAppliesToADispatchedJobAndTheJobsOwnTimeoutWins() {
        runner.withUserConfiguration(FixtureExecutors.class)
                .withBean(OrchestratorLogger.class, () -> NoOpLogger.INSTANCE)
                .withPropertyValues("orchestrator.jobs.BlockingJob.timeout=200ms")
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
                    BlockingJob withOwnTimeout = new BlockingJob(
                            JobOptions.builder().timeout(Duration.ofMinutes(1)).build());
                    BlockingJob withDefault = new BlockingJob();

                    dispatcher.dispatch(withOwnTimeout);
                    assertThat(withOwnTimeout.started().await(5, TimeUnit.SECONDS))
                            .isTrue();
                    dispatcher.dispatch(withDefault);

                    // times out promptly while process is still blocked
                    assertThat(events.awaitEvent(withDefault.id(), JobTimeoutEvent.class)
                                    .timeout())
                            .isEqualTo(Duration.ofMillis(200));
                    assertThat(withDefault.isReleased()).isFalse();
                    events.awaitEvent(withDefault.id(), JobFailureEvent.class);
                    // started earlier, so with the 200 ms default it would have timed out first
                    assertThat(dispatcher.isRunning(withOwnTimeout.id())).isTrue();
                    assertThat(events.eventsOf(withOwnTimeout.id(), JobTimeoutEvent.class))
                            .isEmpty();

                    withOwnTimeout.release();
                    events.awaitEvent(withOwnTimeout.id(), JobSuccessEvent.class);
                    assertThat(events.eventsOf(withOwnTimeout.id(), JobTimeoutEvent.class))
                            .isEmpty();
                });
    }

    // ---- isolation ---------------------------------------------------------------------------

    @Test
    void twoContextsRunningAtTheSameTimeShareNoState() {
        runner.withUserConfiguration(FixtureExecutors.class)
                .withBean(OrchestratorLogger.class, () -> NoOpLogger.INSTANCE)
                .withPropertyValues(
                        "orchestrator.circuit-breaker.max-events-per-second=5",
                        "orchestrator.circuit-breaker.type-limits.dev.orchestrator.event.JobProgressEvent=2")
                .run(first -> runner.withUserConfiguration(FixtureExecutors.class)
                        .withBean(OrchestratorLogger.class, () -> NoOpLogger.INSTANCE)
                        .withPropertyValues("orchestrator.circuit-breaker.max-events-per-second=9")
                        .run(second -> {
                            Dispatcher one = first.getBean(Dispatcher.class);
                            Dispatcher two = second.getBean(Dispatcher.class);
                            assertThat(one.registry()).isNotSameAs(two.registry());
                            assertThat(one.defaultBus()).isNotSameAs(two.defaultBus());
                            assertThat(one.config().maxEventsPerSecond()).isEqualTo(5);
                            assertThat(one.config().limitFor(JobProgressEvent.class))
                                    .isEqualTo(2);
                            assertThat(two.config().maxEventsPerSecond()).isEqualTo(9);
                            assertThat(two.config().limitFor(JobProgressEvent.class))
                                    .isEqualTo(9);
                            assertThat(one.executors().get(PingJob.class))
                                    .isNotSameAs(two.executors().get(PingJob.class));

                            EventRecorder onTwo = EventRecorder.on(two.defaultBus());
                            BlockingJob job = new BlockingJob();
                            one.dispatch(job);
                            assertThat(job.started().await(5, TimeUnit.SECONDS)).isTrue();
                            assertThat(one.registry().runningCount()).isEqualTo(1);
                            assertThat(two.registry().runningCount()).isZero();
                            assertThat(two.cancel(job.id())).isFalse();

                            job.release();
                            await().atMost(DEFAULT_TIMEOUT)
                                    .until(() ->
                                            one.registry().finished(job.id()).isPresent());
                            onTwo.flush(); // everything emitted to two's bus so far has arrived
                            assertThat(onTwo.events()).isEmpty();
                            assertThat(two.registry().finishedJobs()).isEmpty();
                        }));
    }

    // ---- threads -----------------------------------------------------------------------------

    @Test
    void virtualThreadsPropertyRunsJobsOnVirtualThreadsFromJdk21AndIsIgnoredBefore() {
        boolean virtualThreadsAvailable = JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE);
        runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
                .withUserConfiguration(FixtureExecutors.class)
                .withPropertyValues("spring.threads.virtual.enabled=true")
                .run(context -> {
                    Executor executor = context.getBean(OrchestratorAutoConfiguration.EXECUTOR_BEAN, Executor.class);

                    Thread worker = runPing(context);

                    assertThat(isVirtual(worker)).isEqualTo(virtualThreadsAvailable);
                    assertThat(worker.getName()).startsWith("orchestrator-");
                    if (virtualThreadsAvailable) {
                        assertThat(executor).isInstanceOf(SimpleAsyncTaskExecutor.class);
                    } else {
                        assertThat(executor).isInstanceOf(ThreadPoolTaskExecutor.class);
                    }
                });
    }

    @Test
    void maxActiveJobsIsEnforcedAlsoWhenJobsRunOnVirtualThreads() {
        runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
                .withUserConfiguration(FixtureExecutors.class)
                .withPropertyValues("spring.threads.virtual.enabled=true", "orchestrator.execution.max-active-jobs=2")
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    BlockingJob first = new BlockingJob();
                    BlockingJob second = new BlockingJob();
                    dispatcher.dispatch(first);
                    dispatcher.dispatch(second);
                    try {
                        assertThatThrownBy(() -> dispatcher.dispatch(new BlockingJob()))
                                .isInstanceOf(RejectedExecutionException.class)
                                .hasMessageContaining("2 jobs are active")
                                .hasMessageContaining("orchestrator.execution.max-active-jobs");
                    } finally {
                        first.release();
                        second.release();
                    }
                    assertThat(first.returned().await(5, TimeUnit.SECONDS)).isTrue();
                    // accepted once the ended jobs are counted off, which follows their return closely
                    BlockingJob third = new BlockingJob();
                    await().until(() -> {
                        try {
                            dispatcher.dispatch(third);
                            return true;
                        } catch (RejectedExecutionException stillCounted) {
                            return false;
                        }
                    });
                    third.release();
                });
    }

    @Test
    void runsJobsOnPlatformThreadsUnlessVirtualThreadsAreEnabled() {
        runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
                .withUserConfiguration(FixtureExecutors.class)
                .run(context -> {
                    assertThat(context.getBean(OrchestratorAutoConfiguration.EXECUTOR_BEAN))
                            .isInstanceOf(ThreadPoolTaskExecutor.class);
                    assertThat(isVirtual(runPing(context))).isFalse();
                });
    }

    @Test
    void keepsSpringsApplicationTaskExecutorBesideItsOwn() {
        runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
                .run(context -> {
                    assertThat(context)
                            .hasBean("applicationTaskExecutor")
                            .hasBean(OrchestratorAutoConfiguration.EXECUTOR_BEAN);
                    assertThat(context.getBean("applicationTaskExecutor"))
                            .isNotSameAs(context.getBean(OrchestratorAutoConfiguration.EXECUTOR_BEAN));
                });
    }

    // ---- optional libraries ------------------------------------------------------------------

    /**
     * Imports the starter's auto-configurations as an application does, through the import
     * selector, so that Spring Boot's class filter drops those whose classes are missing before
     * they are loaded; {@code AutoConfigurations.of} would skip that step.
     */
    private ApplicationContextRunner fullRunner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(ImportedStarter.class, FixtureExecutors.class)
                .withBean(SimpleMeterRegistry.class)
                .withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withPropertyValues("management.endpoints.web.exposure.include=orchestrator");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        OrchestratorAutoConfiguration.class,
        OrchestratorEndpointAutoConfiguration.class,
        OrchestratorHealthAutoConfiguration.class,
        OrchestratorMetricsAutoConfiguration.class,
        OrchestratorObservationAutoConfiguration.class
    })
    static class ImportedStarter {}

    @Test
    void withActuatorAndMicrometerEveryOptionalBeanIsCreated() {
        fullRunner().run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(OrchestratorEndpoint.class)
                    .hasSingleBean(OrchestratorHealthIndicator.class)
                    .hasSingleBean(OrchestratorMetrics.class)
                    .hasSingleBean(ObservationJobInterceptor.class);
            runPing(context);
        });
    }

    @Test
    void worksWithoutActuator() {
        fullRunner()
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(OrchestratorEndpoint.class)
                            .hasSingleBean(Dispatcher.class)
                            .hasSingleBean(JobRegistry.class);
                    assertThat(context)
                            .as("health lives in spring-boot-health, not in the actuator")
                            .hasSingleBean(OrchestratorHealthIndicator.class);
                    assertThat(runPing(context)).isNotNull();
                });
    }

    @Test
    void worksWithoutMicrometer() {
        fullRunner().withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(OrchestratorMetrics.class)
                    .doesNotHaveBean(ObservationJobInterceptor.class)
                    .hasSingleBean(OrchestratorEndpoint.class);
            assertThat(runPing(context)).isNotNull();
        });
    }

    @Test
    void worksWithoutActuatorAndMicrometer() {
        fullRunner()
                .withClassLoader(new FilteredClassLoader(
                        "org.springframework.boot.actuate", "org.springframework.boot.health", "io.micrometer"))
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(OrchestratorEndpoint.class)
                            .doesNotHaveBean(OrchestratorHealthIndicator.class)
                            .doesNotHaveBean(OrchestratorMetrics.class)
                            .doesNotHaveBean(ObservationJobInterceptor.class);
                    assertThat(runPing(context)).isNotNull();
                });
    }

    // ---- helpers and fixtures ----------------------------------------------------------------

    /** Dispatches a ping on the global bus and returns the thread that ran it. */
    private static Thread runPing(AssertableApplicationContext context) {
        Dispatcher dispatcher = context.getBean(Dispatcher.class);
        EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
        String id = dispatcher.dispatch(new PingJob());
        return (Thread) events.awaitEvent(id, JobSuccessEvent.class).data();
    }

    private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        Method isVirtual;
        try {
            isVirtual = Thread.class.getMethod("isVirtual");
        } catch (NoSuchMethodException ex) {
            return false; // JDK 17: no virtual threads
        }
        return (boolean) isVirtual.invoke(thread);
    }

    private static List<ILoggingEvent> captureLogs(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.orchestrator");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false); // keep the test output quiet
        try {
            action.run();
        } finally {
            logger.setAdditive(true);
            logger.detachAppender(appender);
        }
        return List.copyOf(appender.list);
    }

    static final class NestedEvent extends BaseEvent {
        NestedEvent(String correlationId) {
            super(correlationId);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ModuleBusConfig {
        @Bean
        SignalBus modulesBus() {
            return SignalBus.builder("modules").logger(NoOpLogger.INSTANCE).build();
        }
    }

    static final class UploadsOrchestrator extends BaseOrchestrator<String> {
        UploadsOrchestrator(Dispatcher dispatcher, SignalBus bus) {
            super("idle", dispatcher, bus);
        }

        @Override
        protected void onActiveSuccess(JobSuccessEvent event) {
            emit("done " + event.correlationId());
        }

        @Override
        protected void onActiveCancelled(JobCancelledEvent event) {
            emit("cancelled " + event.correlationId());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UploadsConfig {
        @Bean
        UploadsOrchestrator uploadsOrchestrator(Dispatcher dispatcher, @Qualifier("modulesBus") SignalBus bus) {
            return new UploadsOrchestrator(dispatcher, bus);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLifecycleConfig {
        final OrchestratorLifecycle lifecycle = new OrchestratorLifecycle(
                Dispatcher.builder()
                        .config(OrchestratorConfig.custom()
                                .logger(NoOpLogger.INSTANCE)
                                .build())
                        .build(),
                Duration.ZERO);

        @Bean
        OrchestratorLifecycle myLifecycle() {
            return lifecycle;
        }
    }
}
