package dev.orchestrator.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A Spring Boot test slice for orchestrators: the orchestrator auto-configuration (dispatcher, buses,
 * registry, lifecycle), the application's {@code BaseExecutor}s (the {@code @Executor} beans),
 * {@code BaseOrchestrator}s, {@code @ConfigurationProperties} classes, and the configuration classes
 * that declare {@code SignalBus} beans;
 * an {@link dev.orchestrator.test.EventRecorder} bean on the global bus, cleared before each test;
 * no web layer and no other component. Collaborators of executors are replaced with
 * {@code @MockitoBean} as usual, or imported with {@code @Import}.
 *
 * <pre>{@code
 * @OrchestratorTest(virtualTime = true)
 * class ReportTests {
 *     @Autowired ReportOrchestrator reports;
 *     @Autowired EventRecorder events;
 *     @Autowired VirtualTime time;
 *     @MockitoBean ReportClient client;
 *     ...
 * }
 * }</pre>
 *
 * <p>With {@link #virtualTime()}, the dispatcher runs on a {@link dev.orchestrator.test.VirtualTime}
 * bean: its clock, its scheduler for timeouts and backoff waits, its executor for jobs; every
 * {@code SignalBus} bean is watched. The shutdown grace period is then zero, so that a context
 * closing does not wait in real time for jobs parked in virtual time.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(OrchestratorTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(OrchestratorTypeExcludeFilter.class)
@AutoConfigureOrchestrator
@ImportAutoConfiguration
public @interface OrchestratorTest {

    /**
     * Properties in {@code key=value} form to add to the environment before the test runs.
     *
     * @return the properties
     */
    String[] properties() default {};

    /**
     * Whether jobs run on virtual time (a {@link dev.orchestrator.test.VirtualTime} bean): retry
     * backoff, timeouts and the circuit breaker's window then move only when the test moves time.
     *
     * @return whether to use virtual time; {@code false} by default
     */
    boolean virtualTime() default false;

    /**
     * Whether the default filters apply: executors, orchestrators and bus configuration classes are
     * included. When {@code false}, only {@link #includeFilters()} decide.
     *
     * @return whether to use the default filters
     */
    boolean useDefaultFilters() default true;

    /**
     * More components to include from component scanning.
     *
     * @return the include filters
     */
    Filter[] includeFilters() default {};

    /**
     * Components to leave out from component scanning.
     *
     * @return the exclude filters
     */
    Filter[] excludeFilters() default {};

    /**
     * Auto-configuration classes to leave out.
     *
     * @return the auto-configurations to exclude
     */
    @AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
    Class<?>[] excludeAutoConfiguration() default {};
}
