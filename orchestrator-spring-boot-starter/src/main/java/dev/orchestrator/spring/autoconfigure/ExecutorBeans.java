package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.spring.Executor;
import dev.orchestrator.spring.diagnostics.OrchestratorConfigurationException;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;

/**
 * Finds the {@code @Executor} beans and the job type each one handles, from bean definitions only
 * (no executor is created), and checks them: every bean is a {@code BaseExecutor}, its job type is
 * concrete and known, and no two beans claim one job type.
 */
final class ExecutorBeans {

    private ExecutorBeans() {}

    /**
     * {@return the job type of each {@code @Executor} bean, by bean name, in registration order}
     *
     * @param beanFactory the bean factory
     * @throws OrchestratorConfigurationException when a bean is unusable or two claim one type
     */
    static Map<String, Class<? extends BaseJob>> jobTypes(ConfigurableListableBeanFactory beanFactory) {
        Map<String, Class<? extends BaseJob>> byBean = new LinkedHashMap<>();
        Map<Class<? extends BaseJob>, String> byType = new LinkedHashMap<>();
        for (String name : beanFactory.getBeanNamesForAnnotation(Executor.class)) {
            ResolvableType type = typeOf(beanFactory, name);
            Class<?> raw = type.resolve(Object.class);
            if (!BaseExecutor.class.isAssignableFrom(raw)) {
                throw OrchestratorConfigurationException.invalidExecutor(name, raw, "is not a BaseExecutor");
            }
            Class<?> jobType = type.as(BaseExecutor.class).resolveGeneric(0);
            if (jobType == null
                    || !BaseJob.class.isAssignableFrom(jobType)
                    || jobType.isInterface()
                    || Modifier.isAbstract(jobType.getModifiers())) {
                throw OrchestratorConfigurationException.invalidExecutor(
                        name, raw, "does not declare a concrete job type J in BaseExecutor<J> (found " + jobType + ")");
            }
            Class<? extends BaseJob> job = jobType.asSubclass(BaseJob.class);
            String other = byType.putIfAbsent(job, name);
            if (other != null) {
                throw OrchestratorConfigurationException.duplicateExecutor(job, other, name);
            }
            byBean.put(name, job);
        }
        return byBean;
    }

    private static ResolvableType typeOf(ConfigurableListableBeanFactory beanFactory, String name) {
        if (beanFactory.containsBeanDefinition(name)) {
            BeanDefinition definition = beanFactory.getMergedBeanDefinition(name);
            ResolvableType declared = definition.getResolvableType();
            if (declared.resolve() != null && declared.resolve() != Object.class) {
                return declared;
            }
        }
        Class<?> type = beanFactory.getType(name);
        return ResolvableType.forClass(type != null ? type : Object.class);
    }
}
