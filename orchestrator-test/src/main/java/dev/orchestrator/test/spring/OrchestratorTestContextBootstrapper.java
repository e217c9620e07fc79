package dev.orchestrator.test.spring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * Bootstraps an {@link OrchestratorTest @OrchestratorTest}: its {@code properties}, and
 * {@code orchestrator.test.virtual-time} from its {@code virtualTime} attribute.
 */
class OrchestratorTestContextBootstrapper extends TestSliceTestContextBootstrapper<OrchestratorTest> {

    @Override
    protected String @Nullable [] getProperties(Class<?> testClass) {
        String[] declared = super.getProperties(testClass);
        List<String> properties = new ArrayList<>(declared != null ? Arrays.asList(declared) : List.of());
        boolean virtualTime = MergedAnnotations.from(testClass, SearchStrategy.INHERITED_ANNOTATIONS)
                .get(OrchestratorTest.class)
                .getValue("virtualTime", Boolean.class)
                .orElse(false);
        if (virtualTime) {
            properties.add(VirtualTimeAutoConfiguration.PROPERTY + "=true");
            properties.add("orchestrator.shutdown.grace-period=0s");
        }
        return properties.toArray(String[]::new);
    }
}
