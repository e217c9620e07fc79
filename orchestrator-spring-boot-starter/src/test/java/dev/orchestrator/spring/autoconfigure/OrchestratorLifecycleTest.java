package dev.orchestrator.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.fixtures.BlockingExecutor;
import dev.orchestrator.spring.fixtures.BlockingJob;
import dev.orchestrator.spring.fixtures.FixtureExecutors;
import dev.orchestrator.spring.fixtures.PingJob;
import dev.orchestrator.test.EventRecorder;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's lifecycle the Spring Boot 4 way: an asynchronous {@code stop(Runnable)}, a pause of
 * the context that stops nothing (neither the engine nor its pools), a phase that Spring waits for as
 * long as the grace period needs, and no restart after a stop.
 */
class OrchestratorLifecycleTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
            .withUserConfiguration(FixtureExecutors.class, Quiet.class);

    @Configuration(proxyBeanMethods = false)
    static class Quiet {
        @Bean
        OrchestratorLogger quietLogger() {
            return NoOpLogger.INSTANCE;
        }
    }

    @Test
    void pausingTheContextLeavesJobsRunningAndDispatchTimeoutsAndDeliveriesWorking() {
        runner.withPropertyValues("orchestrator.shutdown.grace-period=200ms").run(context -> {
            ConfigurableApplicationContext source = source(context);
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            EventRecorder events = EventRecorder.on(context.getBean(SignalBus.class));
            BlockingJob running = new BlockingJob();
            dispatcher.dispatch(running);
            assertThat(running.started().await(5, TimeUnit.SECONDS)).isTrue();

            source.pause(); // what Spring's test framework does to a cached context not in use

            assertThat(context.getBean(OrchestratorLifecycle.class).isRunning()).isTrue();
            assertThat(dispatcher.isShutdown()).as("a pause is not a close").isFalse();
            // during the pause: new jobs run (job pool), timeouts fire (timer), events arrive (delivery pool)
            String pinged = dispatcher.dispatch(new PingJob());
            BlockingJob timed = new BlockingJob(
                    JobOptions.builder().timeout(Duration.ofMillis(50)).build());
            dispatcher.dispatch(timed);
            events.awaitEvent(pinged, JobSuccessEvent.class);
            events.awaitEvent(timed.id(), JobTimeoutEvent.class);
            events.awaitEvent(timed.id(), JobFailureEvent.class);
            assertThat(dispatcher.isRunning(running.id()))
                    .as("the job running at the pause")
                    .isTrue();

            source.restart();
            running.release();
            events.awaitEvent(running.id(), JobSuccessEvent.class);

            // after the pause, a close still ends every job with its terminal event and refuses dispatches
            BlockingJob atClose = new BlockingJob();
            dispatcher.dispatch(atClose);
            assertThat(atClose.started().await(5, TimeUnit.SECONDS)).isTrue();
            source.close();
            assertThat(events.eventsOf(atClose.id(), JobCancelledEvent.class))
                    .as("delivered before the close returned")
                    .hasSize(1);
            assertThatThrownBy(() -> dispatcher.dispatch(new PingJob()))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("Dispatcher is shut down");
        });
    }

    /** Fails its first attempt once the shutdown has begun, then succeeds. */
    static final class RetryJob extends dev.orchestrator.job.BaseJob {
        final CountDownLatch shutdownBegun = new CountDownLatch(1);

        RetryJob() {
            super(JobOptions.builder()
                    .retryPolicy(dev.orchestrator.retry.RetryPolicy.custom()
                            .maxRetries(1)
                            .baseDelay(Duration.ofMillis(50))
                            .build())
                    .build());
        }
    }

    @dev.orchestrator.spring.Executor
    static final class RetryExecutor extends dev.orchestrator.orchestration.BaseExecutor<RetryJob> {
        @Override
        protected Object process(RetryJob job) throws Exception {
            job.shutdownBegun.await();
            if (context(job).attempt() == 1) {
                throw new IllegalStateException("first attempt fails, during the grace period");
            }
            return "second attempt";
        }
    }

    @Test
    void aJobThatFailsDuringTheGracePeriodWaitsForItsRetryAndSucceeds() {
        runner.withBean(RetryExecutor.class, RetryExecutor::new)
                .withPropertyValues("orchestrator.shutdown.grace-period=10s")
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    EventRecorder events = EventRecorder.on(context.getBean(SignalBus.class));
                    RetryJob job = new RetryJob();
                    dispatcher.dispatch(job);
                    Thread opener = new Thread(() -> {
                        await().atMost(Duration.ofSeconds(5)).until(dispatcher::isShutdown);
                        job.shutdownBegun.countDown();
                    });
                    opener.start();

                    source(context).close();

                    assertThat(events.eventsOf(job.id(), dev.orchestrator.event.JobRetryingEvent.class))
                            .hasSize(1);
                    assertThat(events.eventsOf(job.id(), JobSuccessEvent.class))
                            .as("the backoff wait scheduled in the grace period ended, the retry ran")
                            .hasSize(1);
                });
    }

    @Test
    void stopReturnsAtOnceAndCallsBackOnceTheEngineHasStopped() throws Exception {
        Dispatcher dispatcher = Dispatcher.builder()
                .config(OrchestratorConfig.custom().logger(NoOpLogger.INSTANCE).build())
                .defaultBus(SignalBus.builder("lifecycle")
                        .logger(NoOpLogger.INSTANCE)
                        .build())
                .build();
        dispatcher.register(new BlockingExecutor());
        OrchestratorLifecycle lifecycle = new OrchestratorLifecycle(dispatcher, Duration.ofMinutes(1));
        lifecycle.start();
        BlockingJob job = new BlockingJob();
        dispatcher.dispatch(job);
        assertThat(job.started().await(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch calledBack = new CountDownLatch(1);
        AtomicBoolean engineStoppedAtCallback = new AtomicBoolean();

        lifecycle.stop(() -> {
            engineStoppedAtCallback.set(dispatcher.isShutdown()
                    && !dispatcher.isRunning(job.id())
                    && ((ExecutorService) dispatcher.executionExecutor()).isShutdown());
            calledBack.countDown();
        });

        // returned within the one-minute grace period, with the job still running
        assertThat(lifecycle.isRunning()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(dispatcher::isShutdown);
        assertThat(dispatcher.isRunning(job.id())).isTrue();
        assertThat(calledBack.getCount())
                .as("no callback while a job may still finish in the grace period")
                .isEqualTo(1);

        job.release(); // the job finishes; the grace period ends early

        assertThat(calledBack.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(engineStoppedAtCallback)
                .as("at the callback: dispatcher shut down, job ended, worker pool shut down")
                .isTrue();
        assertThat(dispatcher.registry().finished(job.id()).orElseThrow().outcome())
                .isEqualTo(dev.orchestrator.orchestration.JobOutcome.SUCCESS);
        CountDownLatch late = new CountDownLatch(1);
        lifecycle.stop(late::countDown);
        assertThat(late.getCount())
                .as("a stop after the shutdown calls back at once")
                .isZero();
    }

    @Test
    void springWaitsForTheGracePeriodEvenWhenItsPhaseTimeoutIsShorter() {
        runner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
                .withPropertyValues(
                        "spring.lifecycle.timeout-per-shutdown-phase=100ms", "orchestrator.shutdown.grace-period=20s")
                .run(context -> {
                    ConfigurableApplicationContext source = source(context);
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    SignalBus bus = context.getBean(SignalBus.class);
                    EventRecorder events = EventRecorder.on(bus);
                    BlockingJob job = new BlockingJob();
                    dispatcher.dispatch(job);
                    assertThat(job.started().await(5, TimeUnit.SECONDS)).isTrue();
                    Thread closer = new Thread(source::close, "closer");
                    closer.start();
                    await().atMost(Duration.ofSeconds(5)).until(dispatcher::isShutdown);

                    // well past the 100 ms phase timeout, the close still waits and the bus is open
                    await().during(Duration.ofMillis(500))
                            .atMost(Duration.ofSeconds(5))
                            .until(() -> closer.isAlive() && !bus.isClosed());
                    job.release();

                    closer.join(10_000);
                    assertThat(closer.isAlive()).isFalse();
                    assertThat(events.eventsOf(job.id(), JobSuccessEvent.class))
                            .as("the job finished within its grace period, its ending heard")
                            .hasSize(1);
                });
    }

    @Test
    void anExplicitStopShutsTheEngineDownAndAStartAfterItFailsNamingTheWayToPause() {
        runner.run(context -> {
            ConfigurableApplicationContext source = source(context);
            Dispatcher dispatcher = context.getBean(Dispatcher.class);

            SignalBus bus = context.getBean(SignalBus.class);
            EventRecorder events = EventRecorder.on(bus);

            source.stop();

            assertThat(dispatcher.isShutdown()).isTrue();
            Marker marker = new Marker();
            bus.emit(marker);
            events.awaitEvent(
                    marker.correlationId(), Marker.class); // the buses still deliver: their pool is not paused
            assertThatThrownBy(source::start)
                    .isInstanceOf(ApplicationContextException.class)
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot start again")
                    .hasMessageContaining("pause()");
        });
    }

    /** An application event. */
    static final class Marker extends dev.orchestrator.event.BaseEvent {
        Marker() {
            super("marker-" + UUID.randomUUID());
        }
    }

    @Test
    void itIsNotPauseable() {
        runner.run(context -> assertThat(
                        context.getBean(OrchestratorLifecycle.class).isPauseable())
                .isFalse());
    }

    private static ConfigurableApplicationContext source(AssertableApplicationContext context) {
        return (ConfigurableApplicationContext) context.getSourceApplicationContext();
    }
}
