package dev.orchestrator.test.spring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Bootstraps an {@link OrchestratorTest @OrchestratorTest}: its {@code properties}, and
 * {@code orchestrator.test.virtual-time} from its {@code virtualTime} attribute.
 */
class OrchestratorTestContextBootstrapper extends TestSliceTestContextBootstrapper<OrchestratorTest> {

    @Override
    protected String @Nullable [] getProperties(Class<?> testClass) {
        String[] declared = super.getProperties(testClass);
        List<String> properties = new ArrayList<>(declared != null ? Arrays.asList(declared) : List.of());
        // found as Boot finds the properties: on the class, its superclasses and, for @Nested, enclosing classes
        OrchestratorTest test = TestContextAnnotationUtils.findMergedAnnotation(testClass, OrchestratorTest.class);
        if (test != null && test.virtualTime()) {
            properties.add(VirtualTimeAutoConfiguration.PROPERTY + "=true");
        }
        return properties.toArray(String[]::new);
    }
}
