package dev.orchestrator.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.OrchestratorLogger;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.Executor;
import dev.orchestrator.spring.autoconfigure.scanned.ScannedExecutor;
import dev.orchestrator.spring.autoconfigure.scanned.ScannedJob;
import dev.orchestrator.spring.diagnostics.OrchestratorConfigurationException;
import dev.orchestrator.spring.diagnostics.OrchestratorFailureAnalyzer;
import dev.orchestrator.spring.fixtures.PingExecutor;
import dev.orchestrator.spring.fixtures.PingJob;
import dev.orchestrator.test.EventRecorder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 3, "@Executor": each {@code @Executor} bean is registered for the job type read from its
 * generic declaration, and an unusable or duplicate executor fails startup with a message (and a
 * failure analysis) that names the beans and the type.
 */
class ExecutorRegistrationTest {

    private final RecordingLogger log = new RecordingLogger();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
            .withBean(OrchestratorLogger.class, () -> log);

    // ---- registration ------------------------------------------------------------------------

    @Test
    void registersAnExecutorClassFoundByComponentScanning() {
        runner.withUserConfiguration(ScanConfig.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(executorFor(context, ScannedJob.class)).isSameAs(context.getBean(ScannedExecutor.class));
            assertRuns(context, new ScannedJob(), "scanned");
        });
    }

    @Test
    void registersAnExecutorClassGivenAsUserConfiguration() {
        runner.withUserConfiguration(ReportExecutor.class).run(context -> {
            assertThat(executorFor(context, ReportJob.class)).isSameAs(context.getBean(ReportExecutor.class));
            assertRuns(context, new ReportJob(), "audited ReportJob");
        });
    }

    @Test
    void registersAnExecutorGivenWithWithBean() {
        runner.withBean("myPing", PingExecutor.class).run(context -> {
            assertThat(executorFor(context, PingJob.class)).isSameAs(context.getBean("myPing"));
            assertThat(context.getBean(Dispatcher.class).executors()).containsOnlyKeys(PingJob.class);
        });
    }

    @Test
    void registersTheResultOfABeanMethodAnnotatedWithExecutor() {
        runner.withUserConfiguration(BeanMethodConfig.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(executorFor(context, AuditJob.class)).isSameAs(context.getBean("auditExecutor"));
            assertRuns(context, new AuditJob(), "audit done");
        });
    }

    @Test
    void resolvesTheJobTypeThroughAnIntermediateAbstractGenericClass() {
        runner.withBean(ReportExecutor.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Dispatcher.class).executors()).containsOnlyKeys(ReportJob.class);
            assertRuns(context, new ReportJob(), "audited ReportJob");
        });
    }

    @Test
    void resolvesTheJobTypeFromTheGenericReturnTypeOfABeanMethod() {
        runner.withUserConfiguration(GenericReturnTypeConfig.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Dispatcher.class).executors()).containsOnlyKeys(ReportJob.class);
            assertRuns(context, new ReportJob(), "anonymous");
        });
    }

    @Test
    void doesNotRegisterABaseExecutorBeanWithoutTheAnnotationAndWarnsAboutIt() {
        runner.withBean("plainAuditExecutor", PlainAuditExecutor.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Dispatcher.class).executors()).isEmpty();
            assertThat(log.messages(LogLevel.WARNING))
                    .anySatisfy(message -> assertThat(message).contains("'plainAuditExecutor'", "without @Executor"));
        });
    }

    // ---- startup failures --------------------------------------------------------------------

    @Test
    void failsStartupWhenTwoExecutorsClaimOneJobType() {
        runner.withBean("firstPing", PingExecutor.class)
                .withBean("secondPing", PingExecutor.class)
                .run(context -> {
                    FailureAnalysis analysis =
                            assertStartupFailure(context, "'firstPing'", "'secondPing'", PingJob.class.getName());
                    assertThat(analysis.getAction()).contains("Remove one of the two @Executor beans");
                });
    }

    @Test
    void failsStartupWhenTwoExecutorsOfDifferentClassesClaimOneJobType() {
        runner.withBean("reportExecutor", ReportExecutor.class)
                .withUserConfiguration(GenericReturnTypeConfig.class)
                .run(context -> assertStartupFailure(
                        context, "'reportExecutor'", "'anonymousReportExecutor'", ReportJob.class.getName()));
    }

    @Test
    void failsStartupWhenAnExecutorBeanIsNotABaseExecutor() {
        runner.withBean("notAnExecutor", NotAnExecutor.class).run(context -> {
            FailureAnalysis analysis = assertStartupFailure(
                    context, "'notAnExecutor'", NotAnExecutor.class.getName(), "is not a BaseExecutor");
            assertThat(analysis.getAction()).contains("BaseExecutor<YourJob>");
        });
    }

    @Test
    void failsStartupWhenTheJobTypeOfAnExecutorCannotBeResolved() {
        runner.withBean("genericExecutor", GenericExecutor.class).run(context -> {
            FailureAnalysis analysis = assertStartupFailure(
                    context,
                    "'genericExecutor'",
                    GenericExecutor.class.getName(),
                    "does not declare a concrete job type");
            assertThat(analysis.getAction()).contains("BaseExecutor<YourJob>");
        });
    }

    @Test
    void failsStartupWhenTheJobTypeOfAnExecutorIsAbstract() {
        runner.withBean("anyReportExecutor", AnyReportExecutor.class)
                .run(context -> assertStartupFailure(
                        context,
                        "'anyReportExecutor'",
                        "does not declare a concrete job type",
                        AnyReportJob.class.getName()));
    }

    // ---- helpers and fixtures ----------------------------------------------------------------

    private static BaseExecutor<?> executorFor(AssertableApplicationContext context, Class<? extends BaseJob> jobType) {
        return context.getBean(Dispatcher.class).executors().get(jobType);
    }

    private static void assertRuns(AssertableApplicationContext context, BaseJob job, Object expectedResult) {
        Dispatcher dispatcher = context.getBean(Dispatcher.class);
        EventRecorder events = EventRecorder.on(dispatcher.defaultBus());
        dispatcher.dispatch(job);
        assertThat(events.awaitEvent(job.id(), JobSuccessEvent.class).data()).isEqualTo(expectedResult);
    }

    /** Asserts the root cause and the failure analysis both say each fragment, and returns the analysis. */
    private static FailureAnalysis assertStartupFailure(AssertableApplicationContext context, String... fragments) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        assertThat(failure).rootCause().isInstanceOf(OrchestratorConfigurationException.class);
        assertThat(failure).rootCause().message().contains(fragments);
        FailureAnalysis analysis = new OrchestratorFailureAnalyzer().analyze(failure);
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains(fragments);
        assertThat(analysis.getAction()).isNotBlank();
        assertThat(analysis.getCause()).isInstanceOf(OrchestratorConfigurationException.class);
        return analysis;
    }

    static final class ReportJob extends BaseJob {}

    static final class AuditJob extends BaseJob {}

    abstract static class AnyReportJob extends BaseJob {}

    /** An intermediate generic class between the executor and BaseExecutor. */
    abstract static class AuditedExecutor<J extends BaseJob> extends BaseExecutor<J> {
        @Override
        protected Object process(J job) {
            return "audited " + job.getClass().getSimpleName();
        }
    }

    @Executor
    static class ReportExecutor extends AuditedExecutor<ReportJob> {}

    /** Not annotated: registered only through an {@code @Executor} bean method. */
    static class AuditExecutor extends BaseExecutor<AuditJob> {
        @Override
        protected Object process(AuditJob job) {
            return "audit done";
        }
    }

    static class PlainAuditExecutor extends AuditExecutor {}

    @Executor
    static class NotAnExecutor {}

    @Executor
    static class GenericExecutor<J extends BaseJob> extends BaseExecutor<J> {
        @Override
        protected Object process(J job) {
            return null;
        }
    }

    @Executor
    static class AnyReportExecutor extends BaseExecutor<AnyReportJob> {
        @Override
        protected Object process(AnyReportJob job) {
            return null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackageClasses = ScannedExecutor.class)
    static class ScanConfig {}

    @Configuration(proxyBeanMethods = false)
    static class BeanMethodConfig {
        @Bean
        @Executor
        AuditExecutor auditExecutor() {
            return new AuditExecutor();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GenericReturnTypeConfig {
        @Bean
        @Executor
        BaseExecutor<ReportJob> anonymousReportExecutor() {
            return new BaseExecutor<>() {
                @Override
                protected Object process(ReportJob job) {
                    return "anonymous";
                }
            };
        }
    }

    /** Records every message, for assertions on warnings. */
    static final class RecordingLogger implements OrchestratorLogger {
        private final List<String[]> entries = new CopyOnWriteArrayList<>();

        @Override
        public boolean isEnabled(LogLevel level) {
            return true;
        }

        @Override
        public void log(LogLevel level, String message, Throwable error) {
            entries.add(new String[] {level.name(), message});
        }

        List<String> messages(LogLevel level) {
            return entries.stream()
                    .filter(e -> e[0].equals(level.name()))
                    .map(e -> e[1])
                    .collect(Collectors.toList());
        }
    }
}
