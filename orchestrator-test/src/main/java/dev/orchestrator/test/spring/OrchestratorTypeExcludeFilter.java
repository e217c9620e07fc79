package dev.orchestrator.test.spring;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.BaseOrchestrator;
import java.io.IOException;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * What {@link OrchestratorTest @OrchestratorTest} keeps from component scanning: executors,
 * orchestrators, {@code @ConfigurationProperties} classes (which orchestrators often read), and
 * configuration classes with a {@code @Bean} method that returns a {@link SignalBus} (the
 * application's scoped buses, which its orchestrators need).
 */
final class OrchestratorTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<OrchestratorTest> {

    private static final Set<Class<?>> DEFAULT_INCLUDES =
            Set.of(BaseExecutor.class, BaseOrchestrator.class, ConfigurationProperties.class);

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
            if (SignalBus.class.getName().equals(method.getReturnTypeName())) {
                return true;
            }
        }
        return false;
    }
}
