package dev.orchestrator.sample.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.sample.SampleApplication;
import dev.orchestrator.sample.metrics.Promtool;
import dev.orchestrator.sample.metrics.ReadmeMetricsTables;
import dev.orchestrator.sample.metrics.Scrape;
import dev.orchestrator.sample.modules.UserLoggedInEvent;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.test.EventRecorder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code cluster} profile: two instances of the sample app (two application contexts on random
 * ports, each with its own instance id) on one embedded KRaft broker. Instance A takes no jobs
 * ({@code orchestrator.cluster.concurrency=0}), so whatever is dispatched there runs on B, and its
 * events come back to A's page; a login on A reaches B's global bus, where B's modules react.
 */
class ClusterProfileTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String A = "sample-a";
    private static final String B = "sample-b";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext instanceA;
    private static ConfigurableApplicationContext instanceB;

    /** Kafka's own loggers, quiet below WARN: a broker and its clients log every setting at INFO. */
    private static final List<String> KAFKA_LOGGERS = List.of("org.apache.kafka", "kafka", "state.change.logger");

    @BeforeAll
    static void startABrokerAndTwoInstances() {
        LoggingSystem logging = LoggingSystem.get(ClusterProfileTest.class.getClassLoader());
        KAFKA_LOGGERS.forEach(name -> logging.setLogLevel(name, LogLevel.WARN));
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                // one broker: the share-group state topic cannot have more replicas (KAFKA-NOTES.md)
                "share.coordinator.state.topic.replication.factor", "1",
                "share.coordinator.state.topic.min.isr", "1"));
        broker.afterPropertiesSet();
        // Stopped when the JVM exits, not after this class: a closed instance still leaves its Kafka
        // producer running (KafkaJobTransport.close() closes only the shared producer's proxy from
        // DefaultKafkaProducerFactory), which would keep reconnecting to a stopped broker.
        EmbeddedKafkaKraftBroker started = broker;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "embedded-kafka-stop"));
        instanceB = start(B, 2);
        instanceA = start(A, 0);
    }

    @AfterAll
    static void stopTheInstances() {
        if (instanceA != null) {
            instanceA.close();
        }
        if (instanceB != null) {
            instanceB.close();
        }
    }

    /** An instance as the profile configures it, on the embedded broker instead of 127.0.0.1:9092. */
    private static ConfigurableApplicationContext start(String instanceId, int concurrency) {
        return new SpringApplicationBuilder(SampleApplication.class)
                .main(SampleApplication.class)
                .profiles("cluster", "fast")
                .run(
                        // arguments, not default properties: they must win over application-cluster.yml
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--orchestrator.cluster.instance-id=" + instanceId,
                        "--orchestrator.cluster.partitions=2",
                        "--orchestrator.cluster.concurrency=" + concurrency,
                        "--logging.level.org.apache.kafka=warn",
                        "--logging.level.kafka=warn",
                        "--logging.level.state.change.logger=warn");
    }

    @Test
    void aJobStartedOnAnInstanceThatTakesNoJobsRunsOnTheOtherAndItsPageNamesThatInstance() throws Exception {
        assertThat(get(instanceA, "/api/state").get("instance").asString()).isEqualTo(A);
        assertThat(get(instanceB, "/api/state").get("instance").asString()).isEqualTo(B);

        JsonNode started = post(instanceA, "/api/jobs", "{\"kind\":\"upload\",\"parts\":4,\"durationMs\":800}");
        String id = started.get("id").asString();

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode job = get(instanceA, "/api/jobs/" + id);
            assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("result").asString()).endsWith("uploaded in 4 parts");
            assertThat(job.get("instance").asString()).isEqualTo(B);
        });
        assertThat(clusterCounts(instanceA).get("taken").asLong()).isZero();
        assertThat(clusterCounts(instanceB).get("taken").asLong()).isPositive();
        // A dispatched it: its registry has the ending; B only ran it
        assertThat(get(instanceA, "/actuator/orchestrator/jobs").get("finished").findValuesAsString("id"))
                .contains(id);
        assertThat(get(instanceB, "/api/jobs").findValuesAsString("id")).doesNotContain(id);
    }

    @Test
    void aLoginOnOneInstanceReachesTheGlobalBusOfTheOtherWhereItsModulesReact() throws Exception {
        SignalBus globalB = instanceB.getBean(OrchestratorAutoConfiguration.GLOBAL_BUS_BEAN, SignalBus.class);
        try (EventRecorder onB = EventRecorder.on(globalB).within(PATIENCE)) {
            String loginJob = post(instanceA, "/api/login", "{\"user\":\"grace\"}")
                    .get("jobId")
                    .asString();

            onB.awaitEvent(UserLoggedInEvent.class);
            assertThat(onB.events(UserLoggedInEvent.class)).singleElement().satisfies(event -> {
                assertThat(event.user()).isEqualTo("grace");
                assertThat(event.correlationId()).isEqualTo(loginJob);
            });
            // the modules react on both instances; B's auth module logged nobody in itself
            for (ConfigurableApplicationContext instance : List.of(instanceA, instanceB)) {
                await().atMost(PATIENCE).untilAsserted(() -> {
                    JsonNode modules = get(instance, "/api/state").get("orchestrators");
                    assertThat(modules.get("ChatOrchestrator").get("status").asString())
                            .isEqualTo("Inbox of grace loaded");
                    assertThat(modules.get("CartOrchestrator").get("status").asString())
                            .isEqualTo("Cart of grace restored");
                });
            }
            assertThat(get(instanceA, "/api/state")
                            .get("orchestrators")
                            .get("AuthOrchestrator")
                            .get("status")
                            .asString())
                    .isEqualTo("Logged in as grace");
            assertThat(get(instanceB, "/api/state")
                            .get("orchestrators")
                            .get("AuthOrchestrator")
                            .get("status")
                            .asString())
                    .isEqualTo("Waiting for a login");
            // by now B's modules have reacted: a second copy of the login would have been recorded too
            assertThat(onB.awaitIdle().events(UserLoggedInEvent.class))
                    .as("the login as B's global bus delivered it")
                    .hasSize(1);
        }
    }

    /**
     * Issue 10, item 5, in cluster mode: each instance's scrape passes {@code promtool check metrics}
     * without a remark on an {@code orchestrator_*} series, has every series of the README's cluster
     * table, and nothing the README does not list.
     */
    @Test
    void eachInstancesScrapePassesPromtoolAndTheReadmeListsItsClusterSeries() throws Exception {
        String id = post(instanceA, "/api/jobs", "{\"kind\":\"upload\",\"parts\":2,\"durationMs\":100}")
                .get("id")
                .asString();
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                get(instanceA, "/api/jobs/" + id).get("status").asString())
                        .isEqualTo("SUCCEEDED"));
        ReadmeMetricsTables readme = ReadmeMetricsTables.read();
        Set<String> listed = new TreeSet<>(readme.always());
        listed.addAll(readme.cluster());

        for (ConfigurableApplicationContext instance : List.of(instanceA, instanceB)) {
            Scrape scrape = Scrape.of(getText(instance, "/actuator/prometheus"));
            List<String> remarks = Promtool.checkMetrics(scrape.text());
            assertThat(remarks)
                    .as("promtool check metrics remarks (all of them: %s)", remarks)
                    .noneMatch(remark -> remark.contains("orchestrator_"));
            assertThat(scrape.orchestratorFamilies()).isSubsetOf(listed).containsAll(readme.cluster());
        }
        assertThat(Scrape.of(getText(instanceA, "/actuator/prometheus")).orchestratorFamilies())
                .as("the instance that dispatched the job observed it")
                .contains("orchestrator_jobs_seconds");
    }

    /** GET in the Prometheus text format 0.0.4, the one promtool reads. */
    private static String getText(ConfigurableApplicationContext instance, String path)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri(instance, path))
                        .header("Accept", "text/plain; version=0.0.4")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    private static JsonNode clusterCounts(ConfigurableApplicationContext instance) throws Exception {
        return get(instance, "/actuator/orchestrator").get("cluster").get("counts");
    }

    private static URI uri(ConfigurableApplicationContext instance, String path) {
        return URI.create("http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port") + path);
    }

    private static JsonNode get(ConfigurableApplicationContext instance, String path)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri(instance, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode post(ConfigurableApplicationContext instance, String path, String json)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri(instance, path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("POST %s: %s", path, response.body())
                .isEqualTo(202);
        return JSON.readTree(response.body());
    }
}
