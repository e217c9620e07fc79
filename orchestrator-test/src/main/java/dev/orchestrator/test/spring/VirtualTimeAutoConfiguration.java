package dev.orchestrator.test.spring;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.test.VirtualTime;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts the orchestrator on {@link VirtualTime} when {@value #PROPERTY} is {@code true} (as
 * {@code @OrchestratorTest(virtualTime = true)} sets it): a {@code VirtualTime} bean, its scheduler
 * as the dispatcher's timer ({@value #TIMER_BEAN}), its executor as the jobs' executor
 * ({@value #EXECUTOR_BEAN}), its clock in the {@link OrchestratorConfig}, every
 * {@link SignalBus} bean watched, and a shutdown grace period of zero.
 *
 * <p>Runs before the starter's auto-configuration, whose beans of those names give way to these.
 */
@AutoConfiguration(beforeName = VirtualTimeAutoConfiguration.STARTER_AUTO_CONFIGURATION)
@ConditionalOnBooleanProperty(VirtualTimeAutoConfiguration.PROPERTY)
public final class VirtualTimeAutoConfiguration {

    /** The property that turns virtual time on. */
    public static final String PROPERTY = "orchestrator.test.virtual-time";

    /** The starter's core auto-configuration (named, so that this module does not depend on the starter). */
    static final String STARTER_AUTO_CONFIGURATION =
            "dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration";

    /** The name of the starter's timer bean for timeouts and backoff waits. */
    static final String TIMER_BEAN = "orchestratorTimer";

    /** The name of the starter's executor bean that runs jobs. */
    static final String EXECUTOR_BEAN = "orchestratorExecutor";

    /** Creates the auto-configuration; Spring calls it. */
    public VirtualTimeAutoConfiguration() {}

    @Bean(destroyMethod = "close")
    VirtualTime virtualTime() {
        return new VirtualTime();
    }

    @Bean(name = TIMER_BEAN, destroyMethod = "", defaultCandidate = false)
    ScheduledExecutorService orchestratorTimer(VirtualTime time) {
        return time.scheduler();
    }

    @Bean(name = EXECUTOR_BEAN, destroyMethod = "", defaultCandidate = false)
    ExecutorService orchestratorExecutor(VirtualTime time) {
        return time.executor();
    }

    /**
     * The shutdown grace period is zero under virtual time: a context closing must not wait, in real
     * time, for jobs parked in virtual time (they would never finish; they are cancelled).
     */
    @Bean
    static BeanFactoryPostProcessor virtualTimeGracePeriod(ConfigurableEnvironment environment) {
        return beanFactory -> environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "orchestratorVirtualTime", Map.of("orchestrator.shutdown.grace-period", "0s")));
    }

    @Bean
    static BeanPostProcessor virtualTimeBeanPostProcessor(ObjectProvider<VirtualTime> time) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof OrchestratorConfig config) {
                    return time.getObject().config(config);
                }
                if (bean instanceof SignalBus bus) {
                    time.getObject().watch(bus);
                }
                return bean;
            }
        };
    }
}
