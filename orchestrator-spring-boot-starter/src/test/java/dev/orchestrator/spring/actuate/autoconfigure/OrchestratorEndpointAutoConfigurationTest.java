package dev.orchestrator.spring.actuate.autoconfigure;

import static dev.orchestrator.test.EventRecorder.DEFAULT_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.event.JobCancelledEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.spring.actuate.autoconfigure.LoopingOrchestrator.ChattyEvent;
import dev.orchestrator.spring.actuate.endpoint.JobEventLog;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint.BusDescriptor;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint.CancelDescriptor;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint.ErrorDescriptor;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint.FinishedJobDescriptor;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint.JobsDescriptor;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint.OrchestratorDescriptor;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint.RunningJobDescriptor;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint.TripDescriptor;
import dev.orchestrator.spring.actuate.endpoint.OrchestratorEndpoint.TripsDescriptor;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.diagnostics.OrchestratorConfigurationException;
import dev.orchestrator.spring.fixtures.BlockingExecutor;
import dev.orchestrator.spring.fixtures.BlockingJob;
import dev.orchestrator.spring.fixtures.FailingExecutor;
import dev.orchestrator.spring.fixtures.FailingJob;
import dev.orchestrator.spring.fixtures.FixtureExecutors;
import dev.orchestrator.spring.fixtures.PingJob;
import dev.orchestrator.test.EventRecorder;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Issue 3, "Actuator endpoint orchestrator", at the application-context level: the endpoint bean
 * exists only when the endpoint is available, and its operations, called directly, report
 * executors, buses, jobs and trips, cancel jobs, and show errors only per show-details.
 */
class OrchestratorEndpointAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    OrchestratorAutoConfiguration.class, OrchestratorEndpointAutoConfiguration.class))
            .withUserConfiguration(FixtureExecutors.class, LoopsBusConfig.class)
            .withBean(OrchestratorLogger.class, () -> NoOpLogger.INSTANCE)
            .withPropertyValues(
                    "management.endpoints.web.exposure.include=orchestrator",
                    "orchestrator.circuit-breaker.max-events-per-second=7",
                    LoopingOrchestrator.CHATTY_LIMIT_OF_ONE);

    // ---- availability ------------------------------------------------------------------------

    @Test
    void endpointBeanExistsWhenTheEndpointIsExposed() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(OrchestratorEndpoint.class));
    }

    @Test
    void endpointBeanIsAbsentWhenTheEndpointIsNotExposed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        OrchestratorAutoConfiguration.class, OrchestratorEndpointAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OrchestratorEndpoint.class));
    }

    @Test
    void endpointBeanIsAbsentWhenItsAccessIsNone() {
        // upper case: the runner's environment, unlike an application's, has no lenient enum conversion
        runner.withPropertyValues("management.endpoint.orchestrator.access=NONE")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OrchestratorEndpoint.class));
    }

    @Test
    void backsOffWhenUserDefinesOrchestratorEndpoint() {
        runner.withUserConfiguration(OwnEndpointConfig.class).run(context -> {
            assertThat(context).hasSingleBean(OrchestratorEndpoint.class);
            assertThat(context).hasBean("myEndpoint");
        });
    }

    // ---- operations --------------------------------------------------------------------------

    @Test
    void summaryListsExecutorsBusesRunningJobsAndTheCircuitBreaker() {
        runner.run(context -> {
            BlockingJob running = startBlockingJob(context);
            long trips = tripTheBreaker(context);

            OrchestratorDescriptor summary = endpoint(context).orchestrator();

            assertThat(summary.executors())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            PingJob.class.getName(), "PingExecutor",
                            BlockingJob.class.getName(), BlockingExecutor.class.getSimpleName(),
                            FailingJob.class.getName(), FailingExecutor.class.getSimpleName()));
            assertThat(summary.buses()).extracting(BusDescriptor::name).containsExactly("global", "loops");
            assertThat(summary.buses())
                    .filteredOn(bus -> bus.name().equals("loops"))
                    .singleElement()
                    .satisfies(bus -> assertThat(bus.subscribers()).isEqualTo(1));
            assertThat(summary.runningJobs()).isEqualTo(1);
            assertThat(summary.circuitBreaker().maxEventsPerSecond()).isEqualTo(7);
            assertThat(summary.circuitBreaker().typeLimits())
                    .containsExactlyEntriesOf(Map.of(ChattyEvent.class.getName(), 1));
            assertThat(summary.circuitBreaker().trips()).isEqualTo(trips).isGreaterThanOrEqualTo(1);
            assertThat(summary.circuitBreaker().tripsLastMinute()).isEqualTo(trips);
            running.release();
        });
    }

    @Test
    void summarySaysWhetherCancelIsEnabledByTheEndpointsAccess() {
        runner.run(context -> assertThat(endpoint(context).orchestrator().cancelEnabled())
                .as("read-only by default")
                .isFalse());
        // upper case: the runner's environment, unlike an application's, has no lenient enum conversion
        runner.withPropertyValues("management.endpoint.orchestrator.access=UNRESTRICTED")
                .run(context -> assertThat(endpoint(context).orchestrator().cancelEnabled())
                        .isTrue());
        runner.withPropertyValues(
                        "management.endpoint.orchestrator.access=UNRESTRICTED",
                        "management.endpoints.access.max-permitted=READ_ONLY")
                .run(context -> assertThat(endpoint(context).orchestrator().cancelEnabled())
                        .as("capped by max-permitted")
                        .isFalse());
    }

    @Test
    void jobsSectionListsRunningAndRecentlyFinishedJobs() {
        runner.run(context -> {
            String finished = runToEnd(context, new PingJob());
            BlockingJob running = startBlockingJob(context);

            WebEndpointResponse<OperationResponseBody> response =
                    endpoint(context).section("jobs", SecurityContext.NONE);

            assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_OK);
            JobsDescriptor jobs = (JobsDescriptor) response.getBody();

            assertThat(jobs.running()).singleElement().satisfies(job -> assertRunning(job, running.id()));
            assertThat(jobs.finished()).singleElement().satisfies(job -> {
                assertThat(job.id()).isEqualTo(finished);
                assertThat(job.jobType()).isEqualTo(PingJob.class.getName());
                assertThat(job.executor()).isEqualTo("PingExecutor");
                assertThat(job.bus()).isEqualTo("global");
                assertThat(job.outcome()).isEqualTo("SUCCESS");
                assertThat(job.attempts()).isEqualTo(1);
                assertThat(job.started()).isNotNull();
                assertThat(job.finished()).isAfterOrEqualTo(job.started());
                assertThat(job.durationMillis()).isGreaterThanOrEqualTo(0);
            });
            running.release();
        });
    }

    @Test
    void tripsSectionListsCircuitBreakerTrips() {
        runner.run(context -> {
            long trips = tripTheBreaker(context);

            WebEndpointResponse<OperationResponseBody> response =
                    endpoint(context).section("trips", SecurityContext.NONE);

            assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_OK);
            assertThat(response.getBody()).isInstanceOf(TripsDescriptor.class);
            List<TripDescriptor> list = ((TripsDescriptor) response.getBody()).trips();
            assertThat(list).hasSize((int) trips).allSatisfy(trip -> {
                assertThat(trip.orchestrator()).isEqualTo("LoopingOrchestrator");
                assertThat(trip.eventType()).isEqualTo(ChattyEvent.class.getName());
                assertThat(trip.count()).isEqualTo(2);
                assertThat(trip.limit()).isEqualTo(1);
                assertThat(trip.at()).isNotNull();
            });
        });
    }

    @Test
    void anUnknownSectionIsNotFound() {
        runner.run(context -> {
            OrchestratorEndpoint endpoint = endpoint(context);
            for (WebEndpointResponse<OperationResponseBody> response : List.of(
                    endpoint.section("executors", SecurityContext.NONE),
                    endpoint.job("executors", "some-id", SecurityContext.NONE),
                    endpoint.cancel("executors", "some-id"))) {
                assertNotFound(response, "no such part of the orchestrator endpoint: its parts are jobs and trips");
            }
        });
    }

    @Test
    void jobReturnsARunningJob() {
        runner.run(context -> {
            BlockingJob running = startBlockingJob(context);

            Object job = endpoint(context)
                    .job("jobs", running.id(), SecurityContext.NONE)
                    .getBody();

            assertThat(job)
                    .isInstanceOfSatisfying(
                            RunningJobDescriptor.class, descriptor -> assertRunning(descriptor, running.id()));
            running.release();
        });
    }

    @Test
    void jobReturnsARecentlyFinishedJob() {
        runner.run(context -> {
            String id = runToEnd(context, new PingJob());

            Object job = endpoint(context).job("jobs", id, SecurityContext.NONE).getBody();

            assertThat(job).isInstanceOfSatisfying(FinishedJobDescriptor.class, descriptor -> {
                assertThat(descriptor.id()).isEqualTo(id);
                assertThat(descriptor.outcome()).isEqualTo("SUCCESS");
            });
        });
    }

    @Test
    void jobIsNotFoundForAnUnknownIdOrAnotherSection() {
        runner.run(context -> {
            String id = runToEnd(context, new PingJob());
            assertNotFound(
                    endpoint(context).job("jobs", "no-such-job", SecurityContext.NONE),
                    "no running or recently finished job with this id");
            assertNotFound(
                    endpoint(context).job("trips", id, SecurityContext.NONE),
                    "no such part of the orchestrator endpoint: its parts are jobs and trips");
        });
    }

    @Test
    void aValueThatCannotBeAJobIdIsABadRequestThatDoesNotEchoIt() {
        runner.run(context -> {
            OrchestratorEndpoint endpoint = endpoint(context);
            for (String malformed : List.of("", "has space", "semi;colon", "slash/ed", "x".repeat(129), "ünïcode")) {
                for (WebEndpointResponse<OperationResponseBody> response : List.of(
                        endpoint.job("jobs", malformed, SecurityContext.NONE), endpoint.cancel("jobs", malformed))) {
                    assertThat(response.getStatus())
                            .as("status for '%s'", malformed)
                            .isEqualTo(400);
                    assertThat(response.getBody()).isInstanceOfSatisfying(ErrorDescriptor.class, error -> {
                        assertThat(error.status()).isEqualTo(400);
                        assertThat(error.message()).startsWith("not a job id: ids are 1 to 128 characters");
                        if (!malformed.isEmpty()) {
                            assertThat(error.message()).doesNotContain(malformed);
                        }
                    });
                }
            }
            // the rule's edges are ids: 128 characters, and every allowed punctuation mark
            for (String wellFormed : List.of("x".repeat(128), "a.b_c-d:e", "0")) {
                assertThat(endpoint.job("jobs", wellFormed, SecurityContext.NONE)
                                .getStatus())
                        .isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
                assertThat(endpoint.cancel("jobs", wellFormed).getStatus())
                        .isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
            }
        });
    }

    @Test
    void cancelCancelsARunningJob() {
        runner.run(context -> {
            Dispatcher dispatcher = context.getBean(Dispatcher.class);
            EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
            BlockingJob running = startBlockingJob(context);

            WebEndpointResponse<OperationResponseBody> response =
                    endpoint(context).cancel("jobs", running.id());

            assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_OK);
            assertThat(response.getBody())
                    .isEqualTo(new CancelDescriptor(running.id(), true, true, "cancelled on this instance"));
            events.awaitEvent(running.id(), JobCancelledEvent.class);
            await().atMost(DEFAULT_TIMEOUT)
                    .until(() -> dispatcher.registry().finished(running.id()).isPresent());
            assertThat(dispatcher
                            .registry()
                            .finished(running.id())
                            .orElseThrow()
                            .outcome())
                    .isEqualTo(JobOutcome.CANCELLED);
            assertThat(running.isReleased()).isFalse();
        });
    }

    @Test
    void cancelAnswersNotFoundForAJobThatIsNotRunning() {
        runner.run(context -> {
            String finished = runToEnd(context, new PingJob());
            OrchestratorEndpoint endpoint = endpoint(context);

            assertThat(endpoint.cancel("jobs", "no-such-job").getStatus())
                    .isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
            assertThat(endpoint.cancel("jobs", finished).getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
            assertThat(endpoint.cancel("jobs", "no-such-job").getBody())
                    .isEqualTo(new CancelDescriptor("no-such-job", false, false, "no running job with this id"));
        });
    }

    @Test
    void cancelAnswersNotFoundForAnotherSection() {
        runner.run(context -> {
            BlockingJob running = startBlockingJob(context);

            assertNotFound(
                    endpoint(context).cancel("trips", running.id()),
                    "no such part of the orchestrator endpoint: its parts are jobs and trips");
            assertThat(context.getBean(Dispatcher.class).isRunning(running.id()))
                    .isTrue();
            running.release();
        });
    }

    // ---- a job's events ----------------------------------------------------------------------

    @Test
    void theAnswerAboutOneJobShowsItsEventsInOrderAndListsShowNone() {
        runner.run(context -> {
            OrchestratorEndpoint endpoint = endpoint(context);
            BlockingJob running = startBlockingJob(context);
            RunningJobDescriptor runningAnswer = await().atMost(DEFAULT_TIMEOUT)
                    .until(
                            () -> (RunningJobDescriptor) endpoint.job("jobs", running.id(), SecurityContext.NONE)
                                    .getBody(),
                            job -> job.events() != null && !job.events().isEmpty());
            assertThat(runningAnswer.events())
                    .extracting(JobEventLog.Entry::type)
                    .containsExactly("JobStartedEvent");
            assertThat(runningAnswer.eventsNotKept()).isZero();

            running.release();
            FinishedJobDescriptor finished = (FinishedJobDescriptor) await().atMost(DEFAULT_TIMEOUT)
                    .until(
                            () -> endpoint.job("jobs", running.id(), SecurityContext.NONE)
                                    .getBody(),
                            body -> body instanceof FinishedJobDescriptor job
                                    && job.events() != null
                                    && job.events().size() == 2);
            assertThat(finished.events())
                    .extracting(JobEventLog.Entry::type)
                    .containsExactly("JobStartedEvent", "JobSuccessEvent");
            assertThat(finished.events().get(0).at())
                    .isBeforeOrEqualTo(finished.events().get(1).at());

            JobsDescriptor jobs = (JobsDescriptor)
                    endpoint.section("jobs", SecurityContext.NONE).getBody();
            assertThat(jobs.finished()).allSatisfy(job -> {
                assertThat(job.events()).isNull();
                assertThat(job.eventsNotKept()).isNull();
            });
        });
    }

    @Test
    void eventsPerJobZeroKeepsNone() {
        runner.withPropertyValues("management.endpoint.orchestrator.events-per-job=0")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(JobEventLog.class);
                    String id = runToEnd(context, new PingJob());
                    FinishedJobDescriptor job = (FinishedJobDescriptor) endpoint(context)
                            .job("jobs", id, SecurityContext.NONE)
                            .getBody();
                    assertThat(job.events()).isNull();
                });
    }

    @Test
    void eventsPerJobOfOneFailsStartupNamingTheValue() {
        runner.withPropertyValues("management.endpoint.orchestrator.events-per-job=1")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(OrchestratorConfigurationException.class)
                        .hasMessageContaining("'1'")
                        .hasMessageContaining("management.endpoint.orchestrator.events-per-job")
                        .hasMessageContaining("at least 2"));
    }

    // ---- show-details ------------------------------------------------------------------------

    static Stream<Arguments> showDetails() {
        return Stream.of(
                Arguments.of("never", "", SecurityContext.NONE, false),
                Arguments.of("never", "ADMIN", user("ADMIN"), false),
                Arguments.of("when-authorized", "", SecurityContext.NONE, false),
                Arguments.of("when-authorized", "", user(), true),
                Arguments.of("when-authorized", "ADMIN", user("ADMIN"), true),
                Arguments.of("when-authorized", "ADMIN", user("USER"), false),
                Arguments.of("when-authorized", "ADMIN", SecurityContext.NONE, false),
                Arguments.of("always", "", SecurityContext.NONE, true));
    }

    @ParameterizedTest(name = "show-details={0}, roles=[{1}], {2} -> shown={3}")
    @MethodSource("showDetails")
    void errorSummaryIsShownOnlyPerShowDetails(String showDetails, String roles, SecurityContext who, boolean shown) {
        runner.withPropertyValues(
                        "management.endpoint.orchestrator.show-details=" + showDetails,
                        "management.endpoint.orchestrator.roles=" + roles)
                .run(context -> {
                    String id = runToEnd(context, new FailingJob());
                    OrchestratorEndpoint endpoint = endpoint(context);

                    JobsDescriptor jobs =
                            (JobsDescriptor) endpoint.section("jobs", who).getBody();
                    FinishedJobDescriptor listed = jobs.finished().get(0);
                    FinishedJobDescriptor single = await().atMost(DEFAULT_TIMEOUT)
                            .until(
                                    () -> (FinishedJobDescriptor)
                                            endpoint.job("jobs", id, who).getBody(),
                                    job -> job.events() != null && job.events().size() == 2);
                    JobEventLog.Entry failure = single.events().get(1);

                    assertThat(jobs.details()).isEqualTo(shown);
                    assertThat(failure.type()).isEqualTo("JobFailureEvent");
                    assertThat(failure.attempt()).isEqualTo(1);

                    assertThat(listed.outcome()).isEqualTo("FAILURE");
                    assertThat(single.outcome()).isEqualTo("FAILURE");
                    if (shown) {
                        assertThat(listed.error()).contains(FailingExecutor.ERROR_MESSAGE);
                        assertThat(single.error()).contains(FailingExecutor.ERROR_MESSAGE);
                        assertThat(failure.error()).contains(FailingExecutor.ERROR_MESSAGE);
                    } else {
                        assertThat(listed.error()).isNull();
                        assertThat(single.error()).isNull();
                        assertThat(failure.error()).isNull();
                    }
                });
    }

    @Test
    void errorSummaryIsHiddenFromAnonymousReadersByDefault() {
        runner.run(context -> {
            String id = runToEnd(context, new FailingJob());
            FinishedJobDescriptor job = (FinishedJobDescriptor)
                    endpoint(context).job("jobs", id, SecurityContext.NONE).getBody();
            assertThat(job.error()).isNull();
            assertThat(((FinishedJobDescriptor)
                                    endpoint(context).job("jobs", id, user()).getBody())
                            .error())
                    .contains(FailingExecutor.ERROR_MESSAGE);
            assertThat(context.getBean(OrchestratorEndpointProperties.class).getShowDetails())
                    .isEqualTo(Show.WHEN_AUTHORIZED);
        });
    }

    // ---- settings ----------------------------------------------------------------------------

    @Test
    void theOldEndpointKeysFailStartupNamingEachAndItsReplacement() {
        runner.withPropertyValues("orchestrator.endpoint.show-details=always", "orchestrator.endpoint.roles=OPS")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(OrchestratorConfigurationException.class)
                            .hasMessageContaining("'orchestrator.endpoint.show-details' (set in")
                            .hasMessageContaining("is now 'management.endpoint.orchestrator.show-details'")
                            .hasMessageContaining("'orchestrator.endpoint.roles' (set in")
                            .hasMessageContaining("is now 'management.endpoint.orchestrator.roles'");
                });
    }

    @Test
    void anOldEndpointKeyFailsStartupEvenWithTheApplicationsOwnConfiguration() {
        runner.withBean(
                        dev.orchestrator.config.OrchestratorConfig.class,
                        dev.orchestrator.config.OrchestratorConfig::ofDefaults)
                .withPropertyValues("orchestrator.endpoint.show-details=always")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .isInstanceOf(OrchestratorConfigurationException.class)
                        .hasMessageContaining("is now 'management.endpoint.orchestrator.show-details'"));
    }

    @Test
    void anOldEndpointKeyInRelaxedFormFailsStartupToo() {
        runner.withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("ORCHESTRATOR_ENDPOINT_SHOWDETAILS", "always"))))
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .isInstanceOf(OrchestratorConfigurationException.class)
                        .hasMessageContaining("'orchestrator.endpoint.show-details' (set in")
                        .hasMessageContaining("is now 'management.endpoint.orchestrator.show-details'"));
    }

    @Test
    void anOldEndpointKeyFailsTheApplicationWithAReportNamingWhereItIsSet() {
        SpringApplication application = new SpringApplication(StarterOnly.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setListeners(List.of()); // leaves the test's logging configuration alone
        Logger reporter = (Logger) LoggerFactory.getLogger(LoggingFailureAnalysisReporter.class);
        ListAppender<ILoggingEvent> report = new ListAppender<>();
        report.start();
        reporter.addAppender(report);
        reporter.setAdditive(false);
        try {
            assertThatExceptionOfType(BeanCreationException.class)
                    .isThrownBy(() -> application.run("--orchestrator.endpoint.show-details=always"))
                    .havingRootCause()
                    .isInstanceOf(OrchestratorConfigurationException.class);
        } finally {
            reporter.setAdditive(true);
            reporter.detachAppender(report);
        }

        assertThat(report.list)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .contains(
                        "APPLICATION FAILED TO START",
                        "'orchestrator.endpoint.show-details' (set in \"orchestrator.endpoint.show-details\" from"
                                + " property source \"commandLineArgs\")",
                        "is now 'management.endpoint.orchestrator.show-details'",
                        "Action:",
                        "management.endpoint.orchestrator.show-details takes the same values (never, when-authorized,"
                                + " always)");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(OrchestratorAutoConfiguration.class)
    static class StarterOnly {}

    @Test
    void anInvalidShowDetailsFailsStartupNamingThePropertyAndTheValidValues() {
        runner.withPropertyValues("management.endpoint.orchestrator.show-details=sometimes")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("management.endpoint.orchestrator.show-details", "sometimes");
                    assertThat(analysis.getAction()).contains("ALWAYS", "NEVER", "WHEN_AUTHORIZED");
                });
    }

    @Test
    void rolesAndShowDetailsBindInSpringBootsUsualForms() {
        runner.withPropertyValues(
                        "management.endpoint.orchestrator.show-details=ALWAYS",
                        "management.endpoint.orchestrator.roles=OPS, AUDIT")
                .run(context -> {
                    OrchestratorEndpointProperties properties = context.getBean(OrchestratorEndpointProperties.class);
                    assertThat(properties.getShowDetails()).isEqualTo(Show.ALWAYS);
                    assertThat(properties.getRoles()).containsExactly("OPS", "AUDIT");
                });
    }

    /** What Spring Boot does on a failed startup: the first analyzer (in spring.factories order) that explains it. */
    private static @Nullable FailureAnalysis analyze(Throwable failure) {
        for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation(
                        OrchestratorEndpointAutoConfigurationTest.class.getClassLoader())
                .load(
                        FailureAnalyzer.class,
                        SpringFactoriesLoader.FailureHandler.handleMessage((message, error) -> {}))) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis;
            }
        }
        return null;
    }

    // ---- helpers and fixtures ----------------------------------------------------------------

    private static void assertNotFound(WebEndpointResponse<OperationResponseBody> response, String message) {
        assertThat(response.getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
        assertThat(response.getBody()).isEqualTo(new ErrorDescriptor(404, message));
    }

    private static OrchestratorEndpoint endpoint(AssertableApplicationContext context) {
        return context.getBean(OrchestratorEndpoint.class);
    }

    private static BlockingJob startBlockingJob(AssertableApplicationContext context) throws InterruptedException {
        BlockingJob job = new BlockingJob();
        context.getBean(Dispatcher.class).dispatch(job);
        assertThat(job.started().await(5, TimeUnit.SECONDS)).isTrue();
        return job;
    }

    private static String runToEnd(AssertableApplicationContext context, BaseJob job) {
        Dispatcher dispatcher = context.getBean(Dispatcher.class);
        String id = dispatcher.dispatch(job);
        await().atMost(DEFAULT_TIMEOUT)
                .until(() -> dispatcher.registry().finished(id).isPresent());
        return id;
    }

    /** Trips the breaker of a LoopingOrchestrator on the "loops" bus bean; returns the trips recorded. */
    private static long tripTheBreaker(AssertableApplicationContext context) {
        Dispatcher dispatcher = context.getBean(Dispatcher.class);
        SignalBus loops = context.getBean("loopsBus", SignalBus.class);
        LoopingOrchestrator orchestrator = new LoopingOrchestrator(dispatcher, loops);
        for (int i = 0; i < 5; i++) {
            loops.emit(new ChattyEvent("chatty-" + i));
        }
        await().atMost(DEFAULT_TIMEOUT).until(() -> dispatcher.registry().tripCount() >= 1);
        return dispatcher.registry().tripCount();
    }

    private static void assertRunning(RunningJobDescriptor job, String id) {
        assertThat(job.id()).isEqualTo(id);
        assertThat(job.jobType()).isEqualTo(BlockingJob.class.getName());
        assertThat(job.executor()).isEqualTo("BlockingExecutor");
        assertThat(job.bus()).isEqualTo("global");
        assertThat(job.status()).isEqualTo("RUNNING");
        assertThat(job.attempt()).as("attempts are numbered from 1").isEqualTo(1);
        assertThat(job.progress()).isZero();
        assertThat(job.started()).isNotNull();
        assertThat(job.dispatched()).isBeforeOrEqualTo(job.started());
        assertThat(job.elapsedMillis()).isGreaterThanOrEqualTo(0);
    }

    private static SecurityContext user(String... roles) {
        Set<String> granted = Set.of(roles);
        return new SecurityContext() {
            @Override
            public Principal getPrincipal() {
                return () -> "alice";
            }

            @Override
            public boolean isUserInRole(String role) {
                return granted.contains(role);
            }

            @Override
            public String toString() {
                return "user" + granted;
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class LoopsBusConfig {
        @Bean
        SignalBus loopsBus() {
            return SignalBus.builder("loops").logger(NoOpLogger.INSTANCE).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEndpointConfig {
        @Bean
        OrchestratorEndpoint myEndpoint(Dispatcher dispatcher) {
            return new OrchestratorEndpoint(dispatcher, Show.ALWAYS, Set.of());
        }
    }
}
