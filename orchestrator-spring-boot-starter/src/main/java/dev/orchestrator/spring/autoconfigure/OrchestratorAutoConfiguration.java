package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.cluster.JobTransport;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobInterceptor;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.spring.SignalBuses;
import dev.orchestrator.spring.diagnostics.OrchestratorConfigurationException;
import dev.orchestrator.spring.logging.Slf4jOrchestratorLogger;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Core beans of the orchestrator: configuration from {@code orchestrator.*} properties, the SLF4J
 * logger, the global bus, the job registry, the engine's thread pools, the dispatcher with every
 * {@code @Executor} registered, and graceful shutdown. Each bean backs off when the application
 * defines its own.
 *
 * <p>The thread pools (see {@link EnginePools}) are built with Spring Boot's builders, so that Boot
 * publishes their {@code executor.*} metrics; they are not default candidates for injection by type,
 * so that an application's own {@code TaskExecutor} or {@code TaskScheduler} (or Boot's) stays the
 * one that {@code @Async}, {@code @Scheduled} and unqualified injection points get.
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class)
@EnableConfigurationProperties(OrchestratorProperties.class)
public final class OrchestratorAutoConfiguration {

    /** Creates the auto-configuration; called by Spring Boot when its conditions match. */
    public OrchestratorAutoConfiguration() {}

    /** Name of the global bus bean; also {@code @Primary} among {@link SignalBus} beans. */
    public static final String GLOBAL_BUS_BEAN = "globalSignalBus";
    /** Name of the executor bean that runs jobs. */
    public static final String EXECUTOR_BEAN = "orchestratorExecutor";
    /** Name of the executor bean that delivers this context's bus events. */
    public static final String DELIVERY_EXECUTOR_BEAN = "orchestratorDeliveryExecutor";
    /**
     * Name of the scheduler bean that fires jobs' timeouts and ends their backoff waits: a
     * {@link ThreadPoolTaskScheduler}, a {@link ScheduledExecutorService} (the test kit's virtual
     * time gives one) or a {@code ConcurrentTaskScheduler} over one; another kind fails startup. The
     * dispatcher does not shut it down.
     */
    public static final String TIMER_BEAN = "orchestratorTimer";
    /** Name of the executor bean that completes job handles' futures. */
    public static final String HANDLE_EXECUTOR_BEAN = "orchestratorHandleExecutor";

    @Bean
    @ConfigurationPropertiesBinding
    static LogLevelConverter orchestratorLogLevelConverter() {
        return new LogLevelConverter();
    }

    @Bean
    @ConditionalOnMissingBean
    OrchestratorLogger orchestratorLogger(OrchestratorProperties properties) {
        return new Slf4jOrchestratorLogger(properties.getLogging().getLevel());
    }

    @Bean
    @ConditionalOnMissingBean
    OrchestratorConfig orchestratorConfig(
            OrchestratorProperties properties,
            OrchestratorLogger logger,
            ConfigurableListableBeanFactory beanFactory,
            Environment environment) {
        return OrchestratorConfigFactory.create(
                properties,
                logger,
                ExecutorBeans.jobTypes(beanFactory).values(),
                beanFactory.getBeanClassLoader(),
                environment);
    }

    @Bean
    @ConditionalOnMissingBean
    JobRegistry jobRegistry(OrchestratorConfig config) {
        return new JobRegistry(config);
    }

    @Bean(name = DELIVERY_EXECUTOR_BEAN, defaultCandidate = false)
    @ConditionalOnMissingBean(name = DELIVERY_EXECUTOR_BEAN)
    @ConditionalOnThreading(Threading.PLATFORM)
    ThreadPoolTaskExecutor orchestratorDeliveryExecutor() {
        return EnginePools.deliveries();
    }

    @Bean(name = DELIVERY_EXECUTOR_BEAN, defaultCandidate = false)
    @ConditionalOnMissingBean(name = DELIVERY_EXECUTOR_BEAN)
    @ConditionalOnThreading(Threading.VIRTUAL)
    Executor orchestratorVirtualDeliveryExecutor() {
        return new SimpleAsyncTaskExecutorBuilder()
                .virtualThreads(true)
                .threadNamePrefix("orchestrator-bus-")
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    SignalBuses signalBuses(
            @Qualifier(DELIVERY_EXECUTOR_BEAN) Executor deliveryExecutor,
            OrchestratorLogger logger,
            JobRegistry registry) {
        return new SignalBuses(deliveryExecutor, logger, registry);
    }

    @Bean(GLOBAL_BUS_BEAN)
    @Primary
    @ConditionalOnMissingBean(name = GLOBAL_BUS_BEAN)
    SignalBus globalSignalBus(SignalBuses buses) {
        return buses.create(SignalBus.GLOBAL_NAME);
    }

    @Bean(name = EXECUTOR_BEAN, defaultCandidate = false)
    @ConditionalOnMissingBean(name = EXECUTOR_BEAN)
    @ConditionalOnThreading(Threading.PLATFORM)
    ThreadPoolTaskExecutor orchestratorExecutor(OrchestratorConfig config) {
        return EnginePools.jobs(config.executionPoolSize(), config.executionQueueCapacity());
    }

    @Bean(name = EXECUTOR_BEAN, defaultCandidate = false)
    @ConditionalOnMissingBean(name = EXECUTOR_BEAN)
    @ConditionalOnThreading(Threading.VIRTUAL)
    Executor orchestratorVirtualExecutor(ObjectProvider<SimpleAsyncTaskExecutorBuilder> builder) {
        return builder.getIfAvailable(SimpleAsyncTaskExecutorBuilder::new)
                .virtualThreads(true)
                .threadNamePrefix("orchestrator-")
                // with spring.task.execution.simple.concurrency-limit set, refuse rather than block:
                // dispatch must never wait, and retries are handed over from the timer thread
                .rejectTasksWhenLimitReached(true)
                .build();
    }

    @Bean(name = TIMER_BEAN, defaultCandidate = false)
    @ConditionalOnMissingBean(name = TIMER_BEAN)
    ThreadPoolTaskScheduler orchestratorTimer() {
        return EnginePools.timer();
    }

    @Bean(name = HANDLE_EXECUTOR_BEAN, defaultCandidate = false)
    @ConditionalOnMissingBean(name = HANDLE_EXECUTOR_BEAN)
    ThreadPoolTaskExecutor orchestratorHandleExecutor() {
        return EnginePools.handles();
    }

    @Bean
    @ConditionalOnMissingBean
    @Order(Ordered.HIGHEST_PRECEDENCE) // outermost, so that tracing's MDC entries inside an observation win
    MdcJobInterceptor mdcJobInterceptor() {
        return new MdcJobInterceptor();
    }

    @Bean
    @ConditionalOnMissingBean
    Dispatcher dispatcher(
            OrchestratorConfig config,
            JobRegistry registry,
            @Qualifier(GLOBAL_BUS_BEAN) SignalBus globalBus,
            @Qualifier(EXECUTOR_BEAN) Executor executor,
            @Qualifier(TIMER_BEAN) Executor timer,
            @Qualifier(HANDLE_EXECUTOR_BEAN) Executor handles,
            ObjectProvider<JobInterceptor> interceptors,
            ObjectProvider<JobTransport> transport,
            Environment environment) {
        // also here, not only where the configuration is built: an application may define its own
        RemovedProperties.check(environment);
        Dispatcher.Builder builder = Dispatcher.builder()
                .config(config)
                .registry(registry)
                .defaultBus(globalBus)
                // the pool itself: a job cancelled while queued then leaves its queue at once
                .executor(executor instanceof ThreadPoolTaskExecutor pool ? pool.getThreadPoolExecutor() : executor)
                .scheduler(scheduledExecutor(timer))
                .handleExecutor(handles);
        interceptors.orderedStream().forEach(builder::interceptor);
        JobTransport cluster = transport.getIfUnique();
        if (cluster != null) {
            builder.transport(cluster);
        } else if (environment.getProperty("orchestrator.cluster.enabled", Boolean.class, false)) {
            // never a silent fallback to one JVM: the user asked for the cluster
            throw new OrchestratorConfigurationException(
                    "orchestrator.cluster.enabled is true, but cluster mode is not available: it needs"
                            + " dev.orchestrator:orchestrator-kafka (with spring-kafka) and Jackson"
                            + " (spring-boot-jackson) on the class path.",
                    "Add the dependency dev.orchestrator:orchestrator-kafka, or remove"
                            + " orchestrator.cluster.enabled to run jobs in this JVM.");
        }
        return builder.build();
    }

    private static ScheduledExecutorService scheduledExecutor(Executor timer) {
        if (timer instanceof ThreadPoolTaskScheduler scheduler) {
            return scheduler.getScheduledExecutor();
        }
        if (timer instanceof ScheduledExecutorService scheduler) {
            return scheduler;
        }
        if (timer instanceof ConcurrentTaskScheduler scheduler
                && scheduler.getConcurrentExecutor() instanceof ScheduledExecutorService wrapped) {
            return wrapped;
        }
        throw new OrchestratorConfigurationException(
                "The bean '" + TIMER_BEAN + "' is a " + timer.getClass().getName()
                        + ", which cannot fire the orchestrator's timeouts.",
                "Make '" + TIMER_BEAN + "' a ThreadPoolTaskScheduler, a ScheduledExecutorService or a"
                        + " ConcurrentTaskScheduler over one, or remove it"
                        + " to use the starter's own.");
    }

    @Bean
    static OrchestratorStarter orchestratorStarter() {
        return new OrchestratorStarter();
    }

    @Bean
    static ExecutorRegistrar orchestratorExecutorRegistrar(
            ConfigurableListableBeanFactory beanFactory,
            ObjectProvider<Dispatcher> dispatcher,
            ObjectProvider<OrchestratorLogger> logger) {
        return new ExecutorRegistrar(beanFactory, dispatcher, logger);
    }

    @Bean
    @ConditionalOnMissingBean
    OrchestratorLifecycle orchestratorLifecycle(Dispatcher dispatcher, OrchestratorProperties properties) {
        return new OrchestratorLifecycle(dispatcher, properties.getShutdown().getGracePeriod());
    }
}
