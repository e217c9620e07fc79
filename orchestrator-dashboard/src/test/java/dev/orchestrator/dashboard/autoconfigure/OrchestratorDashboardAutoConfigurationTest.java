package dev.orchestrator.dashboard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrator.spring.actuate.autoconfigure.OrchestratorEndpointAutoConfiguration;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.diagnostics.OrchestratorConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.servlet.function.RouterFunction;

/**
 * Which routes the auto-configuration adds, how it finds the endpoint, and the startup errors for
 * bad settings.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrchestratorDashboardAutoConfigurationTest {

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    EndpointAutoConfiguration.class,
                    WebEndpointAutoConfiguration.class,
                    OrchestratorDashboardAutoConfiguration.class))
            .withConfiguration(AutoConfigurations.of(
                    OrchestratorAutoConfiguration.class, OrchestratorEndpointAutoConfiguration.class));

    @Test
    void servesThePageWithTheEndpointsPathRelativeToIt() {
        servlet.withPropertyValues(
                        "management.endpoints.web.exposure.include=orchestrator",
                        "management.endpoints.web.base-path=/manage",
                        "orchestrator.dashboard.path=/ops/jobs")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RouterFunction.class);
                    DashboardPage page = context.getBean(DashboardPage.class);
                    assertThat(page.path()).isEqualTo("/ops/jobs");
                    assertThat(page.index()).contains("content=\"../../manage/orchestrator\"");
                });
    }

    @Test
    void anEndpointThatIsNotExposedIsReportedOnThePageAndInTheLog(CapturedOutput output) {
        servlet.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(DashboardPage.class).index())
                    .contains("content=\"\"")
                    .contains("management.endpoints.web.exposure.include");
        });
        assertThat(output).contains("The orchestrator dashboard at /orchestrator can show nothing");
    }

    @Test
    void actuatorOnAnotherPortIsReported() {
        servlet.withPropertyValues("management.endpoints.web.exposure.include=orchestrator", "management.server.port=0")
                .run(context -> assertThat(context.getBean(DashboardPage.class).index())
                        .contains("management.server.port")
                        .contains("name=\"orchestrator-endpoint\" content=\"\""));
    }

    @Test
    void aBadPathFailsStartupNamingTheValueAndWhatIsValid() {
        servlet.withPropertyValues("orchestrator.dashboard.path=/ops/jobs/")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(OrchestratorConfigurationException.class)
                        .hasMessageContaining("'/ops/jobs/'")
                        .hasMessageContaining("orchestrator.dashboard.path")
                        .hasMessageContaining("no trailing '/'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator", "/actuator/orchestrator", "/actuator/jobs"})
    void aPathUnderActuatorsBasePathFailsStartup(String path) {
        servlet.withPropertyValues(
                        "management.endpoints.web.exposure.include=orchestrator", "orchestrator.dashboard.path=" + path)
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("'" + path + "'")
                        .hasMessageContaining("outside Actuator's base path /actuator"));
    }

    @Test
    void aPathBesideActuatorsBasePathIsFine() {
        servlet.withPropertyValues(
                        "management.endpoints.web.exposure.include=orchestrator",
                        "orchestrator.dashboard.path=/actuator-dashboard")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void actuatorTurnedOffIsReported() {
        servlet.withPropertyValues(
                        "management.endpoints.web.exposure.include=orchestrator", "management.server.port=-1")
                .run(context -> assertThat(context.getBean(DashboardPage.class).index())
                        .contains("management.server.port=-1")
                        .contains("name=\"orchestrator-endpoint\" content=\"\""));
    }

    @Test
    void aRefreshOutOfRangeFailsStartup() {
        servlet.withPropertyValues("orchestrator.dashboard.refresh=50ms")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("orchestrator.dashboard.refresh")
                        .hasMessageContaining("from 200ms to 1m"));
    }

    @Test
    void disabledServesNothing() {
        servlet.withPropertyValues("orchestrator.dashboard.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(DashboardPage.class)
                        .doesNotHaveBean(RouterFunction.class));
    }

    @Test
    void aReactiveApplicationGetsWebFluxRoutes() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        EndpointAutoConfiguration.class,
                        WebEndpointAutoConfiguration.class,
                        OrchestratorDashboardAutoConfiguration.class))
                .withConfiguration(AutoConfigurations.of(
                        OrchestratorAutoConfiguration.class, OrchestratorEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=orchestrator")
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(org.springframework.web.reactive.function.server.RouterFunction.class)
                            .doesNotHaveBean(RouterFunction.class);
                    assertThat(context.getBean(DashboardPage.class).index())
                            .contains("content=\"../actuator/orchestrator\"");
                });
    }
}
