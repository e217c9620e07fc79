package dev.orchestrator.spring.observation.autoconfigure;

import static dev.orchestrator.test.EventRecorder.DEFAULT_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.Executor;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.fixtures.RecordingObservationHandler;
import dev.orchestrator.spring.metrics.JobObservationMeterFilter;
import dev.orchestrator.spring.observation.DefaultJobObservationConvention;
import dev.orchestrator.spring.observation.JobObservationContext;
import dev.orchestrator.spring.observation.JobObservationConvention;
import dev.orchestrator.spring.observation.ObservationJobInterceptor;
import dev.orchestrator.test.EventRecorder;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 10, item 5: with an ObservationRegistry, every job is one observation named
 * orchestrator.jobs whose parent is the observation open on the dispatching thread and in whose
 * scope each attempt runs; an application's JobObservationConvention bean replaces the default.
 */
class OrchestratorObservationAutoConfigurationTest {

    private static final String NAME = DefaultJobObservationConvention.NAME;

    private final RecordingObservationHandler handler = new RecordingObservationHandler();

    private final ObservationRegistry observations = ObservationRegistry.create();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    OrchestratorObservationAutoConfiguration.class, OrchestratorAutoConfiguration.class))
            .withUserConfiguration(ObservedExecutorConfig.class)
            .withBean(OrchestratorLogger.class, () -> NoOpLogger.INSTANCE);

    OrchestratorObservationAutoConfigurationTest() {
        observations.observationConfig().observationHandler(handler);
    }

    @Test
    void everyJobIsOneObservationWhoseParentIsTheDispatchingThreadsObservation() {
        runner.withBean(ObservationRegistry.class, () -> observations).run(context -> {
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
            ObservedJob job = new ObservedJob(1);
            Observation request = Observation.start("test.request", observations);

            try (Observation.Scope scope = request.openScope()) {
                dispatcher.dispatch(job);
            }
            events.awaitEvent(job.id(), JobSuccessEvent.class);
            request.stop();

            await().atMost(DEFAULT_TIMEOUT).until(() -> handler.stopped(NAME).size() == 1);
            List<Observation.Context> jobs = handler.started(NAME);
            assertThat(jobs).singleElement().satisfies(observed -> {
                assertThat(observed.getParentObservation()).isSameAs(request);
                assertThat(RecordingObservationHandler.keys(observed))
                        .isEqualTo(Map.of("job", "ObservedJob", "bus", "global", "outcome", "success"));
                assertThat(observed.getHighCardinalityKeyValue("job.id").getValue())
                        .isEqualTo(job.id());
                assertThat(handler.events(observed))
                        .extracting(Observation.Event::getName)
                        .containsExactly("retries");
            });
            assertThat(job.seenInProcess)
                    .as("both attempts run in the job's observation")
                    .hasSize(2)
                    .allSatisfy(current -> assertThat(current.getContextView()).isSameAs(jobs.get(0)));
            assertThat(handler.startThread(jobs.get(0)))
                    .isNotEqualTo(Thread.currentThread().getName());
        });
    }

    @Test
    void anApplicationsConventionBeanNamesTheObservationAndChoosesItsKeys() {
        runner.withBean(ObservationRegistry.class, () -> observations)
                .withUserConfiguration(ShopConventionConfig.class)
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
                    ObservedJob job = new ObservedJob(0);

                    dispatcher.dispatch(job);
                    events.awaitEvent(job.id(), JobSuccessEvent.class);

                    await().atMost(DEFAULT_TIMEOUT)
                            .until(() -> handler.stopped("shop.jobs").size() == 1);
                    assertThat(handler.started(NAME)).isEmpty();
                    assertThat(handler.started("shop.jobs")).singleElement().satisfies(observed -> {
                        assertThat(observed.getContextualName()).isEqualTo("shop job ObservedJob");
                        assertThat(RecordingObservationHandler.keys(observed))
                                .containsEntry("job", "ObservedJob")
                                .containsEntry("outcome", "success")
                                .containsEntry("executor", "ObservedExecutor");
                    });
                    assertThat(context.getBean(JobObservationMeterFilter.class))
                            .hasToString("JobObservationMeterFilter[shop.jobs]");
                });
    }

    @Test
    void describesTheJobObservationsMetersWithMicrometerAndBacksOffWithoutIt() {
        runner.withBean(ObservationRegistry.class, () -> observations)
                .run(context -> assertThat(context.getBean(JobObservationMeterFilter.class))
                        .hasToString("JobObservationMeterFilter[orchestrator.jobs]"));
        runner.withBean(ObservationRegistry.class, () -> observations)
                .withPropertyValues("orchestrator.metrics.enabled=false")
                .run(context -> assertThat(context.getBean(JobObservationMeterFilter.class))
                        .hasToString("JobObservationMeterFilter[orchestrator.jobs, denied]"));
        runner.withBean(ObservationRegistry.class, () -> observations)
                .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(ObservationJobInterceptor.class)
                        .doesNotHaveBean(JobObservationMeterFilter.class));
    }

    @Test
    void backsOffWithoutAnObservationRegistry() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ObservationJobInterceptor.class);
            ObservedJob job = new ObservedJob(0);
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
            dispatcher.dispatch(job);
            events.awaitEvent(job.id(), JobSuccessEvent.class);
            assertThat(job.seenInProcess).singleElement().isNull();
        });
    }

    @Test
    void backsOffWhenUserDefinesObservationJobInterceptor() {
        runner.withBean(ObservationRegistry.class, () -> observations)
                .withBean(
                        "myInterceptor",
                        ObservationJobInterceptor.class,
                        () -> new ObservationJobInterceptor(
                                observations,
                                new JobRegistry(dev.orchestrator.config.OrchestratorConfig.ofDefaults()),
                                null))
                .run(context -> {
                    assertThat(context).hasSingleBean(ObservationJobInterceptor.class);
                    assertThat(context).hasBean("myInterceptor");
                });
    }

    /** An application's convention: its own name and contextual name, and the executor as one more key. */
    static final class ShopConvention extends DefaultJobObservationConvention {
        @Override
        public String getName() {
            return "shop.jobs";
        }

        @Override
        public String getContextualName(JobObservationContext context) {
            return "shop " + super.getContextualName(context);
        }

        @Override
        public KeyValues getLowCardinalityKeyValues(JobObservationContext context) {
            return super.getLowCardinalityKeyValues(context).and("executor", context.getExecutor());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ShopConventionConfig {
        @Bean
        JobObservationConvention shopConvention() {
            return new ShopConvention();
        }
    }

    // ---- fixtures ----------------------------------------------------------------------------

    /** A job whose first {@code failures} attempts fail, quickly retried. */
    static final class ObservedJob extends BaseJob {
        final int failures;
        final AtomicInteger attempts = new AtomicInteger();
        final List<Observation> seenInProcess = new CopyOnWriteArrayList<>();

        ObservedJob(int failures) {
            super(JobOptions.builder()
                    .retryPolicy(RetryPolicy.custom()
                            .maxRetries(failures)
                            .baseDelay(Duration.ofMillis(1))
                            .maxDelay(Duration.ofMillis(2))
                            .build())
                    .build());
            this.failures = failures;
        }
    }

    /** Records the observation current inside {@code process}. */
    @Executor
    static final class ObservedExecutor extends BaseExecutor<ObservedJob> {
        private final ObservationRegistry registry;

        ObservedExecutor(ObservationRegistry registry) {
            this.registry = registry;
        }

        @Override
        protected Object process(ObservedJob job) {
            job.seenInProcess.add(registry.getCurrentObservation());
            if (job.attempts.incrementAndGet() <= job.failures) {
                throw new IllegalStateException("first attempt fails");
            }
            return "observed";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ObservedExecutorConfig {
        @Bean
        ObservedExecutor observedExecutor(ObjectProvider<ObservationRegistry> registry) {
            return new ObservedExecutor(registry.getIfAvailable(() -> ObservationRegistry.NOOP));
        }
    }
}
