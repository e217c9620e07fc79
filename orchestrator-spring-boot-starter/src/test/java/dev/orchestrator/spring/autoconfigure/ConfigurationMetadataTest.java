package dev.orchestrator.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.orchestrator.spring.actuate.autoconfigure.OrchestratorEndpointProperties;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3, "orchestrator.* properties / IDE metadata": the configuration processor's output for
 * this module (not one of the files of the same name that Spring Boot's jars ship) describes every
 * orchestrator.* property and gives its default where it is a literal.
 */
class ConfigurationMetadataTest {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private static Map<String, Map<String, Object>> properties;

    @BeforeAll
    static void readThisModulesMetadata() throws Exception {
        // The directory (or jar) that holds this module's classes, so the file read is ours.
        URL classes = OrchestratorProperties.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation();
        URL metadata = classes.getPath().endsWith(".jar")
                ? new URL("jar:" + classes + "!/" + METADATA)
                : new URL(classes, METADATA);
        try (InputStream in = metadata.openStream()) {
            List<Map<String, Object>> entries = JsonPath.parse(in).read("$.properties[*]");
            properties = entries.stream().collect(Collectors.toMap(e -> (String) e.get("name"), e -> e));
        }
    }

    @Test
    void listsEveryOrchestratorProperty() {
        assertThat(properties.keySet().stream().filter(name -> name.startsWith("orchestrator.")))
                .containsExactlyInAnyOrder(
                        "orchestrator.circuit-breaker.max-events-per-second",
                        "orchestrator.circuit-breaker.type-limits",
                        "orchestrator.logging.level",
                        "orchestrator.execution.pool-size",
                        "orchestrator.execution.queue-capacity",
                        "orchestrator.execution.max-active-jobs",
                        "orchestrator.jobs",
                        "orchestrator.history.max-size",
                        "orchestrator.history.ttl",
                        "orchestrator.shutdown.grace-period",
                        "orchestrator.metrics.enabled",
                        // removed (now management.endpoint.orchestrator.*): listed as deprecated at level error
                        "orchestrator.endpoint.show-details",
                        "orchestrator.endpoint.roles",
                        "orchestrator.cluster.enabled",
                        "orchestrator.cluster.instance-id",
                        "orchestrator.cluster.topic-prefix",
                        "orchestrator.cluster.share-group",
                        "orchestrator.cluster.partitions",
                        "orchestrator.cluster.replication",
                        "orchestrator.cluster.concurrency",
                        "orchestrator.cluster.max-poll-records",
                        "orchestrator.cluster.delivery-limit",
                        "orchestrator.cluster.lock-renewal",
                        "orchestrator.cluster.max-record-size",
                        "orchestrator.cluster.cancel-retention",
                        "orchestrator.cluster.shared-events",
                        "orchestrator.cluster.allowed-types");
    }

    @Test
    void everyOrchestratorPropertyHasAPlainSentenceDescription() {
        properties.values().stream()
                .filter(p -> ((String) p.get("name")).startsWith("orchestrator."))
                .forEach(p -> {
                    String description = (String) p.get("description");
                    assertThat(description)
                            .as("description of %s", p.get("name"))
                            .isNotBlank()
                            .endsWith(".")
                            .as("no Javadoc tags in the description of %s", p.get("name"))
                            .doesNotContain("{@");
                });
    }

    @Test
    void givesTheDefaultOfEveryPropertyWithALiteralDefault() {
        assertThat(defaultOf("orchestrator.circuit-breaker.max-events-per-second"))
                .isEqualTo(50);
        assertThat(defaultOf("orchestrator.execution.queue-capacity")).isEqualTo(10000);
        assertThat(defaultOf("orchestrator.execution.max-active-jobs")).isEqualTo(100000);
        assertThat(defaultOf("orchestrator.history.max-size")).isEqualTo(1000);
        assertThat(defaultOf("orchestrator.history.ttl")).isEqualTo("1h");
        assertThat(defaultOf("orchestrator.shutdown.grace-period")).isEqualTo("30s");
        assertThat(defaultOf("orchestrator.logging.level")).isEqualTo("debug");
        assertThat(defaultOf("orchestrator.metrics.enabled")).isEqualTo(true);
    }

    @Test
    void describesTheEndpointSettingsWhereSpringBootKeepsThem() {
        assertThat(defaultOf("management.endpoint.orchestrator.show-details")).isEqualTo("when-authorized");
        assertThat(properties.get("management.endpoint.orchestrator.show-details"))
                .containsEntry("type", "org.springframework.boot.actuate.endpoint.Show");
        assertThat(properties.get("management.endpoint.orchestrator.roles"))
                .containsEntry("type", "java.util.Set<java.lang.String>");
        for (String name :
                List.of("management.endpoint.orchestrator.show-details", "management.endpoint.orchestrator.roles")) {
            assertThat((String) properties.get(name).get("description"))
                    .as("description of %s", name)
                    .isNotBlank()
                    .endsWith(".");
        }
        assertThat(new OrchestratorEndpointProperties().getShowDetails().name())
                .as("the metadata's default is the real one")
                .isEqualTo("WHEN_AUTHORIZED");
    }

    @Test
    void declaresTheRemovedEndpointKeysDeprecatedAtLevelErrorWithTheirReplacement() {
        assertThat(deprecationOf("orchestrator.endpoint.show-details"))
                .containsEntry("level", "error")
                .containsEntry("replacement", "management.endpoint.orchestrator.show-details");
        assertThat(deprecationOf("orchestrator.endpoint.roles"))
                .containsEntry("level", "error")
                .containsEntry("replacement", "management.endpoint.orchestrator.roles");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deprecationOf(String property) {
        assertThat(properties).containsKey(property);
        assertThat(properties.get(property)).containsKey("deprecation");
        return (Map<String, Object>) properties.get(property).get("deprecation");
    }

    @Test
    void defaultsInTheMetadataAreTheValuesThePropertiesReallyStartWith() {
        OrchestratorProperties fresh = new OrchestratorProperties();
        assertThat(defaultOf("orchestrator.circuit-breaker.max-events-per-second"))
                .isEqualTo(fresh.getCircuitBreaker().getMaxEventsPerSecond());
        assertThat(defaultOf("orchestrator.execution.queue-capacity"))
                .isEqualTo(fresh.getExecution().getQueueCapacity());
        assertThat(defaultOf("orchestrator.execution.max-active-jobs"))
                .isEqualTo(fresh.getExecution().getMaxActiveJobs());
        assertThat(defaultOf("orchestrator.history.max-size"))
                .isEqualTo(fresh.getHistory().getMaxSize());
        assertThat(fresh.getHistory().getTtl()).hasHours(1);
    }

    @Test
    void orchestratorEndpointIsReadOnlyByDefault() {
        assertThat(defaultOf("management.endpoint.orchestrator.access")).isEqualTo("read_only");
    }

    private static Object defaultOf(String property) {
        assertThat(properties).containsKey(property);
        return properties.get(property).get("defaultValue");
    }
}
