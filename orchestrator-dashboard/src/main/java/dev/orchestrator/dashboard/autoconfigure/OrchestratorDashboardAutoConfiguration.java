package dev.orchestrator.dashboard.autoconfigure;

import dev.orchestrator.spring.actuate.autoconfigure.OrchestratorEndpointAutoConfiguration;
import dev.orchestrator.spring.diagnostics.OrchestratorConfigurationException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Serves the dashboard page at {@code orchestrator.dashboard.path} ({@code /orchestrator} unless set)
 * in a servlet or reactive web application with Actuator. The page reads only the
 * {@code orchestrator} Actuator endpoint, at the path Actuator maps it to, so the endpoint's
 * exposure, access, {@code show-details} and roles, and the application's Spring Security rules,
 * decide what it shows and whether it offers to cancel a job. When the endpoint is not exposed over
 * HTTP on the application's port, the page says so and the application logs a warning at startup.
 */
@AutoConfiguration(after = {OrchestratorEndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class})
@ConditionalOnWebApplication
@ConditionalOnClass(PathMappedEndpoints.class)
@ConditionalOnBooleanProperty(name = "orchestrator.dashboard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OrchestratorDashboardProperties.class)
public final class OrchestratorDashboardAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OrchestratorDashboardAutoConfiguration.class);

    private static final EndpointId ENDPOINT = EndpointId.of("orchestrator");
    private static final Duration MIN_REFRESH = Duration.ofMillis(200);
    private static final Duration MAX_REFRESH = Duration.ofMinutes(1);

    /** Creates the auto-configuration; Spring Boot does, when the conditions hold. */
    public OrchestratorDashboardAutoConfiguration() {}

    @Bean
    DashboardPage orchestratorDashboardPage(
            OrchestratorDashboardProperties properties,
            ObjectProvider<PathMappedEndpoints> endpoints,
            Environment environment) {
        String path = properties.getPath();
        if (!DashboardPage.isValidPath(path)) {
            throw OrchestratorConfigurationException.invalidProperty(
                    "orchestrator.dashboard.path",
                    path,
                    "a path such as /orchestrator or /ops/jobs: it starts with '/', has one or more segments of"
                            + " letters, digits, '-', '_' or '.' (not '.' or '..' alone) and no trailing '/'");
        }
        Duration refresh = properties.getRefresh();
        if (refresh.compareTo(MIN_REFRESH) < 0 || refresh.compareTo(MAX_REFRESH) > 0) {
            throw OrchestratorConfigurationException.invalidProperty(
                    "orchestrator.dashboard.refresh", refresh, "from 200ms to 1m");
        }
        String endpointPath = null;
        String problem = null;
        PathMappedEndpoints mapped = endpoints.getIfAvailable();
        ManagementPortType port = ManagementPortType.get(environment);
        if (port == ManagementPortType.DISABLED) {
            problem = "Actuator's HTTP endpoints are turned off (management.server.port=-1): the dashboard reads the"
                    + " orchestrator endpoint over HTTP.";
        } else if (port == ManagementPortType.DIFFERENT) {
            problem = "The Actuator endpoints are served on another port (management.server.port): the dashboard"
                    + " reads the orchestrator endpoint from the page's own origin, so it needs them on the"
                    + " application's port.";
        } else {
            endpointPath = mapped == null ? null : mapped.getPath(ENDPOINT);
            if (endpointPath == null) {
                problem = "The orchestrator Actuator endpoint is not exposed over HTTP: add 'orchestrator' to"
                        + " management.endpoints.web.exposure.include (and do not set"
                        + " management.endpoint.orchestrator.access to none).";
            }
        }
        if (problem != null) {
            log.warn("The orchestrator dashboard at {} can show nothing. {}", path, problem);
        }
        String basePath = mapped == null || port != ManagementPortType.SAME ? "" : mapped.getBasePath();
        if (!basePath.isEmpty() && (path.equals(basePath) || path.startsWith(basePath + "/"))) {
            throw OrchestratorConfigurationException.invalidProperty(
                    "orchestrator.dashboard.path",
                    path,
                    "a path outside Actuator's base path " + basePath
                            + " (management.endpoints.web.base-path), such as "
                            + OrchestratorDashboardProperties.DEFAULT_PATH);
        }
        return new DashboardPage(path, endpointPath, refresh, problem);
    }

    /** The page in a servlet web application, through Spring MVC's functional routes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
    static class ServletDashboard {

        @Bean
        org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse>
                orchestratorDashboardRoutes(DashboardPage page) {
            String path = page.path();
            return org.springframework.web.servlet.function.RouterFunctions.route()
                    .GET(
                            path,
                            request -> servlet(HttpStatus.FOUND, null)
                                    .header(HttpHeaders.LOCATION, page.redirect())
                                    .build())
                    .GET(
                            path + "/",
                            request ->
                                    servlet(HttpStatus.OK, MediaType.TEXT_HTML).body(page.index()))
                    .GET(
                            path + "/" + DashboardPage.SCRIPT,
                            request -> servlet(HttpStatus.OK, MediaType.valueOf("text/javascript"))
                                    .body(page.script()))
                    .GET(
                            path + "/" + DashboardPage.STYLE,
                            request -> servlet(HttpStatus.OK, MediaType.valueOf("text/css"))
                                    .body(page.style()))
                    .build();
        }

        private static org.springframework.web.servlet.function.ServerResponse.BodyBuilder servlet(
                HttpStatus status, @Nullable MediaType type) {
            org.springframework.web.servlet.function.ServerResponse.BodyBuilder builder =
                    org.springframework.web.servlet.function.ServerResponse.status(status)
                            .headers(headers -> DashboardPage.HEADERS.forEach(headers::set));
            return type == null ? builder : builder.contentType(withUtf8(type));
        }
    }

    /** The page in a reactive web application, through WebFlux's functional routes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.reactive.function.server.RouterFunction")
    static class ReactiveDashboard {

        @Bean
        org.springframework.web.reactive.function.server.RouterFunction<
                        org.springframework.web.reactive.function.server.ServerResponse>
                orchestratorDashboardRoutes(DashboardPage page) {
            String path = page.path();
            return org.springframework.web.reactive.function.server.RouterFunctions.route()
                    .GET(
                            path,
                            request -> reactive(HttpStatus.FOUND, null)
                                    .header(HttpHeaders.LOCATION, page.redirect())
                                    .build())
                    .GET(
                            path + "/",
                            request ->
                                    reactive(HttpStatus.OK, MediaType.TEXT_HTML).bodyValue(page.index()))
                    .GET(
                            path + "/" + DashboardPage.SCRIPT,
                            request -> reactive(HttpStatus.OK, MediaType.valueOf("text/javascript"))
                                    .bodyValue(page.script()))
                    .GET(
                            path + "/" + DashboardPage.STYLE,
                            request -> reactive(HttpStatus.OK, MediaType.valueOf("text/css"))
                                    .bodyValue(page.style()))
                    .build();
        }

        private static org.springframework.web.reactive.function.server.ServerResponse.BodyBuilder reactive(
                HttpStatus status, @Nullable MediaType type) {
            org.springframework.web.reactive.function.server.ServerResponse.BodyBuilder builder =
                    org.springframework.web.reactive.function.server.ServerResponse.status(status)
                            .headers(headers -> DashboardPage.HEADERS.forEach(headers::set));
            return type == null ? builder : builder.contentType(withUtf8(type));
        }
    }

    private static MediaType withUtf8(MediaType type) {
        return new MediaType(type, java.nio.charset.StandardCharsets.UTF_8);
    }
}
