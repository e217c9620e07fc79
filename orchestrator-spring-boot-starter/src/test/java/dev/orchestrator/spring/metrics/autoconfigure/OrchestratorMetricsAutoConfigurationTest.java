package dev.orchestrator.spring.metrics.autoconfigure;

import static dev.orchestrator.test.EventRecorder.DEFAULT_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.config.OrchestratorConfig;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.JobOptions;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.retry.RetryPolicy;
import dev.orchestrator.spring.actuate.autoconfigure.LoopingOrchestrator;
import dev.orchestrator.spring.actuate.autoconfigure.LoopingOrchestrator.ChattyEvent;
import dev.orchestrator.spring.actuate.autoconfigure.LoopingOrchestrator.ExplodingEvent;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.fixtures.BlockingJob;
import dev.orchestrator.spring.fixtures.FailingJob;
import dev.orchestrator.spring.fixtures.FixtureExecutors;
import dev.orchestrator.spring.fixtures.PingJob;
import dev.orchestrator.spring.metrics.OrchestratorMeters;
import dev.orchestrator.spring.metrics.OrchestratorMetrics;
import dev.orchestrator.spring.observation.DefaultJobObservationConvention;
import dev.orchestrator.spring.observation.JobObservationConvention;
import dev.orchestrator.spring.observation.autoconfigure.OrchestratorObservationAutoConfiguration;
import dev.orchestrator.test.EventRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Issue 3, "Micrometer metrics", and issue 10, item 5: with a MeterRegistry and Boot's metrics and
 * observation auto-configurations (which bind MeterBinder beans and make meters of observations),
 * jobs (through their observation), retries, events, circuit-breaker trips and handler errors are
 * measured with bounded tags and descriptions; the meters back off when disabled or without a registry.
 */
class OrchestratorMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    OrchestratorAutoConfiguration.class,
                    OrchestratorMetricsAutoConfiguration.class,
                    OrchestratorObservationAutoConfiguration.class))
            .withUserConfiguration(FixtureExecutors.class)
            .withBean(SimpleMeterRegistry.class)
            .withBean(OrchestratorLogger.class, () -> NoOpLogger.INSTANCE)
            // keep each context's meters out of Micrometer's JVM-wide global registry
            .withPropertyValues(
                    "management.metrics.use-global-registry=false", LoopingOrchestrator.CHATTY_LIMIT_OF_ONE);

    @Test
    void recordsFinishedJobsByJobBusAndOutcome() {
        runner.run(context -> {
            runEveryKindOfJob(context);
            MeterRegistry meters = context.getBean(MeterRegistry.class);

            await().atMost(DEFAULT_TIMEOUT).untilAsserted(() -> {
                assertThat(timerCount(meters, "PingJob", "global", "success")).isEqualTo(1);
                assertThat(timerCount(meters, "PingJob", "reports", "success")).isEqualTo(1);
                assertThat(timerCount(meters, "FailingJob", "global", "failure"))
                        .isEqualTo(1);
                assertThat(timerCount(meters, "BlockingJob", "global", "cancelled"))
                        .isEqualTo(1);
                assertThat(timerCount(meters, "BlockingJob", "global", "timeout"))
                        .isEqualTo(1);
            });
            assertThat(meters.find("orchestrator.jobs").timers()).hasSize(5);
            assertThat(meters.get("orchestrator.jobs")
                            .tags("job", "FailingJob", "outcome", "failure")
                            .timer()
                            .getId()
                            .getTag("error"))
                    .as("the class of the exception that failed the job")
                    .isEqualTo("IllegalStateException");
            assertThat(meters.get("orchestrator.jobs")
                            .tags("job", "PingJob", "bus", "global")
                            .timer()
                            .getId()
                            .getTag("error"))
                    .isEqualTo("none");
        });
    }

    @Test
    void aConventionThatRenamesTheJobObservationRenamesItsMetersWhichKeepTheirDescriptionsAndGoWithTheirBus() {
        runner.withBean(JobObservationConvention.class, () -> new DefaultJobObservationConvention() {
                    @Override
                    public String getName() {
                        return "shop.jobs";
                    }
                })
                .run(context -> {
                    Dispatcher dispatcher = context.getBean(Dispatcher.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    SignalBus tenant = SignalBus.builder("tenant-7")
                            .logger(NoOpLogger.INSTANCE)
                            .build();
                    EventRecorder onTenant = EventRecorder.on(tenant);
                    String id = dispatcher.dispatch(new FailingJob(retryTwiceQuickly(), 1), tenant);
                    onTenant.awaitEvent(id, JobSuccessEvent.class);

                    await().atMost(DEFAULT_TIMEOUT)
                            .untilAsserted(() -> assertThat(metersOnBus(meters, "tenant-7"))
                                    .extracting(meter -> meter.getId().getName())
                                    .contains("shop.jobs", "shop.jobs.active", "shop.jobs.retries"));
                    assertThat(meters.find("orchestrator.jobs").meters()).isEmpty();
                    for (Meter meter : metersOnBus(meters, "tenant-7")) {
                        assertThat(meter.getId().getDescription())
                                .as("description of %s", meter.getId())
                                .isNotBlank();
                    }

                    tenant.close();

                    assertThat(metersOnBus(meters, "tenant-7")).isEmpty();
                });
    }

    @Test
    void measuresAJobAsActiveWhileItIsBlocked() {
        runner.run(context -> {
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            BlockingJob job = new BlockingJob();

            dispatcher.dispatch(job);
            assertThat(job.started().await(5, TimeUnit.SECONDS)).isTrue();

            await().atMost(DEFAULT_TIMEOUT)
                    .untilAsserted(() -> assertThat(activeTasks(meters)).isEqualTo(1));
            LongTaskTimer active = meters.get("orchestrator.jobs.active")
                    .tags("job", "BlockingJob", "bus", "global")
                    .longTaskTimer();
            assertThat(active.getId().getDescription()).isNotBlank();
            assertThat(job.isReleased()).isFalse();

            job.release();
            await().atMost(DEFAULT_TIMEOUT)
                    .untilAsserted(() -> assertThat(activeTasks(meters)).isZero());
            await().atMost(DEFAULT_TIMEOUT)
                    .untilAsserted(() -> assertThat(timerCount(meters, "BlockingJob", "global", "success"))
                            .isEqualTo(1));
        });
    }

    @Test
    void countsRetriesByJobAndBus() {
        runner.run(context -> {
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);

            dispatcher.dispatch(new FailingJob(retryTwiceQuickly(), 2));

            await().atMost(DEFAULT_TIMEOUT)
                    .untilAsserted(() -> assertThat(timerCount(meters, "FailingJob", "global", "success"))
                            .isEqualTo(1));
            assertThat(meters.get("orchestrator.jobs.retries")
                            .tags("job", "FailingJob", "bus", "global")
                            .counter()
                            .count())
                    .isEqualTo(2);
        });
    }

    @Test
    void countsEmittedEventsByEventAndBus() {
        runner.run(context -> {
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
            try (SignalBus reports =
                    SignalBus.builder("reports").logger(NoOpLogger.INSTANCE).build()) {
                EventRecorder onReports = EventRecorder.on(reports);
                String global = dispatcher.dispatch(new PingJob());
                String other = dispatcher.dispatch(new PingJob(), reports);

                events.awaitEvent(global, JobSuccessEvent.class);
                onReports.awaitEvent(other, JobSuccessEvent.class);

                assertThat(eventCount(meters, "JobStartedEvent", "global")).isEqualTo(1);
                assertThat(eventCount(meters, "JobSuccessEvent", "global")).isEqualTo(1);
                assertThat(eventCount(meters, "JobStartedEvent", "reports")).isEqualTo(1);
                assertThat(eventCount(meters, "JobSuccessEvent", "reports")).isEqualTo(1);
            }
        });
    }

    @Test
    void aClosedBusLeavesNoMetersBehindWhileOtherBusesKeepTheirs() {
        runner.run(context -> {
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
            SignalBus tenant =
                    SignalBus.builder("tenant-42").logger(NoOpLogger.INSTANCE).build();
            EventRecorder onTenant = EventRecorder.on(tenant);
            String global = dispatcher.dispatch(new PingJob());
            String own = dispatcher.dispatch(new PingJob(), tenant);
            events.awaitEvent(global, JobSuccessEvent.class);
            onTenant.awaitEvent(own, JobSuccessEvent.class);
            await().untilAsserted(() -> assertThat(metersOnBus(meters, "tenant-42"))
                    .extracting(meter -> meter.getId().getName())
                    .contains(OrchestratorMeters.JOBS, OrchestratorMeters.JOBS_ACTIVE, OrchestratorMeters.EVENTS));

            tenant.close();

            assertThat(metersOnBus(meters, "tenant-42")).isEmpty();
            assertThat(metersOnBus(meters, "global"))
                    .extracting(meter -> meter.getId().getName())
                    .contains(OrchestratorMeters.JOBS, OrchestratorMeters.EVENTS);
        });
    }

    private static List<Meter> metersOnBus(MeterRegistry meters, String bus) {
        return meters.getMeters().stream()
                .filter(meter -> bus.equals(meter.getId().getTag(OrchestratorMeters.TAG_BUS)))
                .collect(Collectors.toList());
    }

    @Test
    void countsCircuitBreakerTripsAndHandlerErrorsByOrchestratorAndEvent() {
        runner.run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            tripAndFailAHandler(dispatcher);

            await().atMost(DEFAULT_TIMEOUT).untilAsserted(() -> {
                assertThat(counter(meters, "orchestrator.handler.errors", "ExplodingEvent"))
                        .isEqualTo(1);
                assertThat(counter(meters, "orchestrator.circuit.breaker.trips", "ChattyEvent"))
                        .isGreaterThanOrEqualTo(1);
            });
            assertThat(counter(meters, "orchestrator.circuit.breaker.trips", "ChattyEvent"))
                    .as("one count per trip in the registry's log")
                    .isEqualTo(dispatcher.registry().tripCount());
            assertThat(meters.find("orchestrator.handler.errors").counters()).hasSize(1);
        });
    }

    @Test
    void everyMeterHasADescriptionAndNoTagHoldsAJobId() {
        runner.run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            List<String> ids = runEveryKindOfJob(context);
            tripAndFailAHandler(context.getBean(Dispatcher.class));
            await().atMost(DEFAULT_TIMEOUT)
                    .untilAsserted(() -> assertThat(meters.getMeters())
                            .extracting(m -> m.getId().getName())
                            .contains(
                                    "orchestrator.jobs",
                                    "orchestrator.jobs.active",
                                    "orchestrator.jobs.retries",
                                    "orchestrator.events",
                                    "orchestrator.circuit.breaker.trips",
                                    "orchestrator.handler.errors"));
            await().atMost(DEFAULT_TIMEOUT)
                    .untilAsserted(
                            () -> assertThat(meters.find("orchestrator.jobs").timers())
                                    .hasSize(5));

            for (Meter meter : meters.getMeters()) {
                Meter.Id id = meter.getId();
                assertThat(id.getName()).startsWith("orchestrator.");
                assertThat(id.getDescription()).as("description of %s", id).isNotBlank();
                if (meter instanceof Counter) {
                    assertThat(id.getBaseUnit()).as("base unit of %s", id).isNotBlank();
                }
                assertThat(id.getTags())
                        .extracting(Tag::getKey)
                        .allSatisfy(
                                key -> assertThat(key).isIn("job", "bus", "outcome", "error", "event", "orchestrator"));
                for (Tag tag : id.getTags()) {
                    assertThat(ids)
                            .noneSatisfy(jobId -> assertThat(tag.getValue()).contains(jobId));
                }
            }
        });
    }

    @Test
    void backsOffWhenMetricsAreDisabled() {
        runner.withPropertyValues("orchestrator.metrics.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(OrchestratorMetrics.class);
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            String id = dispatcher.dispatch(new PingJob());
            await().atMost(DEFAULT_TIMEOUT)
                    .until(() -> dispatcher.registry().finished(id).isPresent());
            assertThat(Search.in(context.getBean(MeterRegistry.class))
                            .name(n -> n.startsWith("orchestrator."))
                            .meters())
                    .isEmpty();
        });
    }

    @Test
    void backsOffWithoutAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        OrchestratorAutoConfiguration.class,
                        OrchestratorMetricsAutoConfiguration.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(MeterRegistry.class)
                        .doesNotHaveBean(OrchestratorMetrics.class));
    }

    @Test
    void backsOffWhenUserDefinesOrchestratorMetrics() {
        runner.withBean(
                        "myMetrics",
                        OrchestratorMetrics.class,
                        () -> new OrchestratorMetrics(new JobRegistry(OrchestratorConfig.custom()
                                .logger(NoOpLogger.INSTANCE)
                                .build())))
                .run(context -> {
                    assertThat(context).hasSingleBean(OrchestratorMetrics.class);
                    assertThat(context).hasBean("myMetrics");
                });
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** One job of each outcome (and one on another bus); returns their ids once every job has ended. */
    private static List<String> runEveryKindOfJob(AssertableApplicationContext context) throws InterruptedException {
        Dispatcher dispatcher = context.getBean(Dispatcher.class);
        EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
        List<String> ids = new ArrayList<>();
        // left open: a closed bus's meters are removed (see aClosedBusLeavesNoMetersBehindWhileOtherBusesKeepTheirs)
        SignalBus reports =
                SignalBus.builder("reports").logger(NoOpLogger.INSTANCE).build();
        EventRecorder onReports = EventRecorder.on(reports);
        ids.add(dispatcher.dispatch(new PingJob()));
        String other = dispatcher.dispatch(new PingJob(), reports);
        ids.add(other);
        ids.add(dispatcher.dispatch(new FailingJob(retryTwiceQuickly())));
        BlockingJob cancelled = new BlockingJob();
        ids.add(dispatcher.dispatch(cancelled));
        ids.add(dispatcher.dispatch(new BlockingJob(
                JobOptions.builder().timeout(Duration.ofMillis(50)).build())));
        assertThat(cancelled.started().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(dispatcher.cancel(cancelled.id())).isTrue();
        events.awaitEvent(cancelled.id(), JobCancelledEvent.class);
        onReports.awaitEvent(other, JobSuccessEvent.class);
        for (String id : ids) {
            await().atMost(DEFAULT_TIMEOUT)
                    .until(() -> dispatcher.registry().finished(id).isPresent());
        }
        return ids;
    }

    /** Trips the breaker of a {@link LoopingOrchestrator} on ChattyEvent and makes it fail on ExplodingEvent. */
    private static void tripAndFailAHandler(Dispatcher dispatcher) {
        try (SignalBus loops =
                        SignalBus.builder("loops").logger(NoOpLogger.INSTANCE).build();
                LoopingOrchestrator orchestrator = new LoopingOrchestrator(dispatcher, loops)) {
            EventRecorder events = EventRecorder.on(loops);
            for (int i = 0; i < 5; i++) {
                loops.emit(new ChattyEvent("chatty-" + i));
            }
            loops.emit(new ExplodingEvent("boom"));
            events.awaitEvent("boom", ExplodingEvent.class);
            await().atMost(DEFAULT_TIMEOUT).until(() -> dispatcher.registry().handlerErrorCount() == 1);
            assertThat(dispatcher.registry().tripCount()).isGreaterThanOrEqualTo(1);
        }
    }

    private static JobOptions retryTwiceQuickly() {
        return JobOptions.builder()
                .retryPolicy(RetryPolicy.custom()
                        .maxRetries(2)
                        .baseDelay(Duration.ofMillis(1))
                        .maxDelay(Duration.ofMillis(2))
                        .build())
                .build();
    }

    private static long timerCount(MeterRegistry meters, String job, String bus, String outcome) {
        Timer timer = meters.find("orchestrator.jobs")
                .tags("job", job, "bus", bus, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private static int activeTasks(MeterRegistry meters) {
        LongTaskTimer timer = meters.find("orchestrator.jobs.active")
                .tags("job", "BlockingJob", "bus", "global")
                .longTaskTimer();
        return timer == null ? -1 : timer.activeTasks();
    }

    private static double eventCount(MeterRegistry meters, String event, String bus) {
        Counter counter = meters.find("orchestrator.events")
                .tags("event", event, "bus", bus)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static double counter(MeterRegistry meters, String name, String event) {
        Counter counter = meters.find(name)
                .tags("orchestrator", "LoopingOrchestrator", "event", event)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
