package dev.orchestrator.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Imports the auto-configurations of {@link OrchestratorTest @OrchestratorTest} (listed in
 * {@code META-INF/spring/dev.orchestrator.test.spring.AutoConfigureOrchestrator.imports}): the
 * orchestrator starter's core auto-configuration and the test kit's recorder and virtual time. Use it
 * on a test of another slice (or a full {@code @SpringBootTest} with auto-configuration off) that
 * needs the orchestrator too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureOrchestrator {}
