package dev.orchestrator.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.BaseExecutor;
import dev.orchestrator.orchestration.Dispatcher;
import dev.orchestrator.spring.Executor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10, "Endpoint the Boot way", over real HTTP with real Spring Security: with
 * {@code management.endpoint.orchestrator.show-details=when-authorized} and {@code roles=OPS}, a
 * user with the role (or the authority) sees progress messages and error texts; a user without it
 * and an anonymous caller see {@code null} in their place. Every read answers an object; an unknown
 * job id answers 404 and a value that cannot be a job id 400.
 */
@SpringBootTest(
        classes = EndpointSecurityHttpTest.SecuredApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=orchestrator",
            "management.endpoint.orchestrator.show-details=when-authorized",
            "management.endpoint.orchestrator.roles=OPS"
        })
class EndpointSecurityHttpTest {

    /** A progress message that stands for private data. */
    static final String SECRET_NOTE = "customer 4711 at step 2";

    /** An error message that stands for private data. */
    static final String SECRET_ERROR = "card 4111-1111 declined";

    private static final String PASSWORD = "secret";

    @LocalServerPort
    int port;

    @Autowired
    Dispatcher dispatcher;

    @Autowired
    SecuredApplication application;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private String holdId = "";
    private String refusedId = "";

    @BeforeEach
    void oneRunningAndOneFailedJob() {
        holdId = dispatcher.dispatch(new HoldJob());
        refusedId = dispatcher.dispatch(new RefusedJob());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> dispatcher.registry().finished(refusedId).isPresent()
                        && dispatcher
                                .registry()
                                .running(holdId)
                                .map(job -> SECRET_NOTE.equals(job.progressMessage()))
                                .orElse(false));
    }

    @AfterEach
    void releaseHeldJobs() {
        application.holds.forEach(job -> job.release.countDown());
    }

    @Test
    void aUserWithTheRoleSeesDetails() throws Exception {
        assertDetails("ops", true);
    }

    @Test
    void aUserWithTheRoleAsAnAuthoritySeesDetails() throws Exception {
        assertDetails("auditor", true);
    }

    @Test
    void aUserWithoutTheRoleDoesNotSeeDetails() throws Exception {
        assertDetails("viewer", false);
    }

    @Test
    void anAnonymousCallerDoesNotSeeDetails() throws Exception {
        assertDetails(null, false);
    }

    @Test
    void credentialsAreChecked() throws Exception {
        // so that "viewer" above is an authenticated user without the role, not an anonymous caller
        HttpResponse<String> response = send("/actuator/orchestrator/jobs", "viewer", "wrong");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(send("/actuator/orchestrator/jobs", "viewer", PASSWORD).statusCode())
                .isEqualTo(200);
    }

    @Test
    void everyReadAnswersAnObject() throws Exception {
        JsonNode trips = getJson("/actuator/orchestrator/trips", null, 200);
        assertThat(trips.isObject()).as("trips: %s", trips).isTrue();
        assertThat(trips.get("trips").isArray()).isTrue();

        JsonNode jobs = getJson("/actuator/orchestrator/jobs", null, 200);
        assertThat(jobs.isObject()).isTrue();
        assertThat(jobs.get("running").isArray()).isTrue();
        assertThat(jobs.get("finished").isArray()).isTrue();
        assertThat(jobs.get("runningHere").isArray()).isTrue();

        assertThat(getJson("/actuator/orchestrator", null, 200).isObject()).isTrue();
        assertThat(getJson("/actuator/orchestrator/jobs/" + holdId, null, 200)
                        .get("status")
                        .asString())
                .isEqualTo("RUNNING");
        assertThat(getJson("/actuator/orchestrator/jobs/" + refusedId, null, 200)
                        .get("outcome")
                        .asString())
                .isEqualTo("FAILURE");
    }

    @Test
    void anUnknownJobIdIsNotFound() throws Exception {
        JsonNode notFound = getJson("/actuator/orchestrator/jobs/no-such-job", "ops", 404);
        assertThat(notFound.get("status").asInt()).isEqualTo(404);
        assertThat(notFound.get("message").asString()).isEqualTo("no running or recently finished job with this id");

        assertThat(getJson("/actuator/orchestrator/executors", null, 404)
                        .get("message")
                        .asString())
                .contains("its parts are jobs and trips")
                .doesNotContain("executors");
    }

    @Test
    void aValueThatCannotBeAJobIdIsABadRequest() throws Exception {
        for (String malformed : List.of("not!an:id", "x".repeat(129))) {
            JsonNode bad = getJson("/actuator/orchestrator/jobs/" + malformed, "ops", 400);
            assertThat(bad.get("status").asInt()).isEqualTo(400);
            assertThat(bad.get("message").asString())
                    .isEqualTo("not a job id: ids are 1 to 128 characters, each an ASCII letter or digit"
                            + " or one of . _ - :");
        }
        // the longest id that can be one is well-formed: unknown, so 404
        getJson("/actuator/orchestrator/jobs/" + "x".repeat(128), "ops", 404);
    }

    private void assertDetails(@Nullable String user, boolean shown) throws Exception {
        JsonNode jobs = getJson("/actuator/orchestrator/jobs", user, 200);
        JsonNode running = byId(jobs.get("running"), holdId);
        JsonNode finished = byId(jobs.get("finished"), refusedId);
        JsonNode runningAlone = getJson("/actuator/orchestrator/jobs/" + holdId, user, 200);
        JsonNode finishedAlone = getJson("/actuator/orchestrator/jobs/" + refusedId, user, 200);

        // hidden details are left out, as Spring Boot's endpoint JSON leaves out every null
        for (JsonNode job : List.of(running, runningAlone)) {
            assertThat(job.get("progress").asDouble()).isEqualTo(0.5);
            if (shown) {
                assertThat(job.get("message").asString()).isEqualTo(SECRET_NOTE);
            } else {
                assertThat(job.has("message")).as("message in %s", job).isFalse();
            }
        }
        for (JsonNode job : List.of(finished, finishedAlone)) {
            assertThat(job.get("outcome").asString()).isEqualTo("FAILURE");
            if (shown) {
                assertThat(job.get("error").asString()).isEqualTo("java.lang.IllegalStateException: " + SECRET_ERROR);
            } else {
                assertThat(job.has("error")).as("error in %s", job).isFalse();
            }
        }
        if (!shown) {
            assertThat(jobs.toString()).doesNotContain(SECRET_NOTE).doesNotContain(SECRET_ERROR);
        }
    }

    private static JsonNode byId(JsonNode jobs, String id) {
        return StreamSupport.stream(jobs.spliterator(), false)
                .filter(job -> job.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job " + id + " in " + jobs));
    }

    private JsonNode getJson(String path, @Nullable String user, int expectedStatus)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(path, user, PASSWORD);
        assertThat(response.statusCode())
                .as("GET %s as %s: %s", path, user, response.body())
                .isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String path, @Nullable String user, String password)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (user != null) {
            String credentials = user + ":" + password;
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reports progress with a private note, then waits until released. */
    public static final class HoldJob extends BaseJob {
        final CountDownLatch release = new CountDownLatch(1);
    }

    /** Fails at once with a private message; not retried. */
    public static final class RefusedJob extends BaseJob {}

    /**
     * An application secured the usual way: every request allowed (the endpoint's exposure and
     * access decide what it offers), HTTP Basic says who asks.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SecuredApplication {

        final List<HoldJob> holds = new CopyOnWriteArrayList<>();

        @Bean
        SecurityFilterChain permitAllWithBasicAuthentication(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .httpBasic(Customizer.withDefaults())
                    .csrf(AbstractHttpConfigurer::disable)
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("ops")
                            .password("{noop}" + PASSWORD)
                            .roles("OPS")
                            .build(),
                    User.withUsername("auditor")
                            .password("{noop}" + PASSWORD)
                            .authorities("OPS")
                            .build(),
                    User.withUsername("viewer")
                            .password("{noop}" + PASSWORD)
                            .roles("VIEWER")
                            .build());
        }

        @Bean
        @Executor
        BaseExecutor<HoldJob> holdExecutor() {
            return new BaseExecutor<>() {
                @Override
                protected Object process(HoldJob job) throws InterruptedException {
                    holds.add(job);
                    emitProgress(job, 0.5, SECRET_NOTE);
                    job.release.await();
                    return "released";
                }
            };
        }

        @Bean
        @Executor
        BaseExecutor<RefusedJob> refusedExecutor() {
            return new BaseExecutor<>() {
                @Override
                protected Object process(RefusedJob job) {
                    throw new IllegalStateException(SECRET_ERROR);
                }
            };
        }
    }
}
