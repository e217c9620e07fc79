package dev.orchestrator.spring.observation.autoconfigure;

import static dev.orchestrator.spring.fixtures.EventRecorder.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.Executor;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.fixtures.EventRecorder;
import dev.orchestrator.spring.observation.ObservationJobInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 3, "Health, observation": with an ObservationRegistry, every attempt of a job runs in an
 * observation named orchestrator.job.execution whose parent is the observation open on the
 * dispatching thread.
 */
class OrchestratorObservationAutoConfigurationTest {

    private final RecordingHandler handler = new RecordingHandler();

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
    void eachAttemptRunsInAnObservationWhoseParentIsTheDispatchingThreadsObservation() {
        runner.withBean(ObservationRegistry.class, () -> observations).run(context -> {
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
            ObservedJob job = new ObservedJob(1);
            Observation request = Observation.start("test.request", observations);

            try (Observation.Scope scope = request.openScope()) {
                dispatcher.dispatch(job);
            }
            events.await(JobSuccessEvent.class, job.id());
            request.stop();

            assertThat(job.seenInProcess).hasSize(2).allSatisfy(current -> {
                assertThat(current.getContextView().getName()).isEqualTo(ObservationJobInterceptor.OBSERVATION_NAME);
                assertThat(current.getContextView().getParentObservation()).isSameAs(request);
            });
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(handler.stopped(ObservationJobInterceptor.OBSERVATION_NAME))
                            .hasSize(2));
            List<Observation.Context> attempts = handler.started(ObservationJobInterceptor.OBSERVATION_NAME);
            assertThat(attempts).hasSize(2).allSatisfy(attempt -> {
                assertThat(attempt.getParentObservation()).isSameAs(request);
                assertThat(attempt.getLowCardinalityKeyValue("job").getValue()).isEqualTo("ObservedJob");
                assertThat(attempt.getHighCardinalityKeyValue("job.id").getValue())
                        .isEqualTo(job.id());
            });
            assertThat(attempts.get(0).getError())
                    .as("the failed first attempt")
                    .hasMessage("first attempt fails");
            assertThat(attempts.get(1).getError()).as("the successful retry").isNull();
            assertThat(handler.startThreads(ObservationJobInterceptor.OBSERVATION_NAME))
                    .doesNotContain(Thread.currentThread().getName());
        });
    }

    @Test
    void aJobDispatchedOutsideAnyObservationRunsInARootObservation() {
        runner.withBean(ObservationRegistry.class, () -> observations).run(context -> {
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
            ObservedJob job = new ObservedJob(0);

            dispatcher.dispatch(job);
            events.await(JobSuccessEvent.class, job.id());

            assertThat(job.seenInProcess).singleElement().satisfies(current -> {
                assertThat(current.getContextView().getName()).isEqualTo(ObservationJobInterceptor.OBSERVATION_NAME);
                assertThat(current.getContextView().getParentObservation()).isNull();
            });
        });
    }

    @Test
    void backsOffWithoutAnObservationRegistry() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ObservationJobInterceptor.class);
            ObservedJob job = new ObservedJob(0);
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
            dispatcher.dispatch(job);
            events.await(JobSuccessEvent.class, job.id());
            assertThat(job.seenInProcess).singleElement().isNull();
        });
    }

    @Test
    void backsOffWhenUserDefinesObservationJobInterceptor() {
        ObservationJobInterceptor own = new ObservationJobInterceptor(observations);
        runner.withBean(ObservationRegistry.class, () -> observations)
                .withBean("myInterceptor", ObservationJobInterceptor.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(ObservationJobInterceptor.class);
                    assertThat(context.getBean(ObservationJobInterceptor.class)).isSameAs(own);
                });
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

    /** Records every observation started and stopped, with the thread it started on. */
    static final class RecordingHandler implements ObservationHandler<Observation.Context> {
        private final List<Object[]> started = new CopyOnWriteArrayList<>();
        private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }

        @Override
        public void onStart(Observation.Context context) {
            started.add(new Object[] {context, Thread.currentThread().getName()});
        }

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        List<Observation.Context> started(String name) {
            return started.stream()
                    .map(e -> (Observation.Context) e[0])
                    .filter(c -> name.equals(c.getName()))
                    .collect(Collectors.toList());
        }

        List<String> startThreads(String name) {
            return started.stream()
                    .filter(e -> name.equals(((Observation.Context) e[0]).getName()))
                    .map(e -> (String) e[1])
                    .collect(Collectors.toList());
        }

        List<Observation.Context> stopped(String name) {
            return stopped.stream().filter(c -> name.equals(c.getName())).collect(Collectors.toList());
        }
    }
}
