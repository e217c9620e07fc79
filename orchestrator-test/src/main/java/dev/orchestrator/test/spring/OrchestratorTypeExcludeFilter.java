package dev.orchestrator.test.spring;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import dev.orchestrator.orchestration.JobInterceptor;
import java.io.IOException;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.util.ClassUtils;

/**
 * What {@link OrchestratorTest @OrchestratorTest} keeps from component scanning: executors,
 * orchestrators, job interceptors, {@code @ConfigurationProperties} classes (which orchestrators
 * often read), and configuration classes with a {@code @Bean} method that makes a {@link SignalBus}
 * (the application's scoped buses), an executor ({@code @Executor} or a {@code BaseExecutor}), an
 * orchestrator or a job interceptor. Such a class comes whole, with its other beans.
 */
final class OrchestratorTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<OrchestratorTest> {

    /** The starter's {@code @Executor}, named so that this module does not depend on the starter. */
    private static final String EXECUTOR_ANNOTATION = "dev.orchestrator.spring.Executor";

    private static final Set<Class<?>> DEFAULT_INCLUDES =
            Set.of(BaseExecutor.class, BaseOrchestrator.class, JobInterceptor.class, ConfigurationProperties.class);

    OrchestratorTypeExcludeFilter(Class<?> testClass) {
        super(testClass);
    }

    @Override
    protected Set<Class<?>> getKnownIncludes() {
        return DEFAULT_INCLUDES;
    }

    @Override
    protected boolean defaultInclude(MetadataReader metadataReader, MetadataReaderFactory metadataReaderFactory)
            throws IOException {
        if (super.defaultInclude(metadataReader, metadataReaderFactory)) {
            return true;
        }
        for (MethodMetadata method : metadataReader.getAnnotationMetadata().getAnnotatedMethods(Bean.class.getName())) {
            if (method.isAnnotated(EXECUTOR_ANNOTATION) || declaresOrchestratorBean(method.getReturnTypeName())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a {@code @Bean} method of that return type makes a bus, executor, orchestrator or interceptor. */
    private boolean declaresOrchestratorBean(String returnType) {
        if (SignalBus.class.getName().equals(returnType)) {
            return true;
        }
        try {
            Class<?> type = ClassUtils.forName(returnType, getClass().getClassLoader());
            for (Class<?> include : DEFAULT_INCLUDES) {
                if (include.isAssignableFrom(type)) {
                    return true;
                }
            }
            return false;
        } catch (ClassNotFoundException | LinkageError ex) {
            return false; // a type this class loader cannot see is none of ours
        }
    }
}
