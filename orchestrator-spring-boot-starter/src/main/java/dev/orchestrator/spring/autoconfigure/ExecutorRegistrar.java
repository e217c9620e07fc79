package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.Executor;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Once every singleton exists, registers each {@code @Executor} bean with the dispatcher for its
 * job type, and lets the job registry track every {@link SignalBus} bean. Fails startup (see
 * {@link ExecutorBeans}) rather than half-registering executors.
 */
final class ExecutorRegistrar implements SmartInitializingSingleton {

    private final ConfigurableListableBeanFactory beanFactory;
    private final ObjectProvider<Dispatcher> dispatcherProvider;
    private final ObjectProvider<OrchestratorLogger> loggerProvider;

    ExecutorRegistrar(
            ConfigurableListableBeanFactory beanFactory,
            ObjectProvider<Dispatcher> dispatcher,
            ObjectProvider<OrchestratorLogger> logger) {
        this.beanFactory = beanFactory;
        this.dispatcherProvider = dispatcher;
        this.loggerProvider = logger;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Dispatcher dispatcher = dispatcherProvider.getObject();
        OrchestratorLogger logger = loggerProvider.getObject();
        Map<String, Class<? extends BaseJob>> jobTypes = ExecutorBeans.jobTypes(beanFactory);
        jobTypes.forEach(
                (name, jobType) -> register(dispatcher, jobType, beanFactory.getBean(name, BaseExecutor.class)));
        for (String name : beanFactory.getBeanNamesForType(BaseExecutor.class, false, false)) {
            if (!jobTypes.containsKey(name) && beanFactory.findAnnotationOnBean(name, Executor.class) == null) {
                logger.warning("Bean '" + name
                        + "' is a BaseExecutor without @Executor; it is not registered with the dispatcher");
            }
        }
        beanFactory.getBeansOfType(SignalBus.class, false, false).values().forEach(dispatcher.registry()::track);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(Dispatcher dispatcher, Class<? extends BaseJob> jobType, BaseExecutor executor) {
        dispatcher.register((Class) jobType, executor);
    }
}
