package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.spring.diagnostics.OrchestratorConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Fails startup on a property the starter no longer reads, naming it, where it was set and the
 * property that replaces it, so that a setting is never dropped in silence. The configuration
 * metadata declares the same keys deprecated at level {@code error}, which IDEs show while editing.
 */
final class RemovedProperties {

    private static final ConfigurationPropertyName OLD_ENDPOINT = ConfigurationPropertyName.of("orchestrator.endpoint");

    /** What replaces each removed key under {@code orchestrator.endpoint}, by its uniform last part. */
    private static final Map<String, String> ENDPOINT_KEYS = Map.of(
            "showdetails", "show-details",
            "roles", "roles");

    private RemovedProperties() {}

    /**
     * Checks that no property source sets a removed key.
     *
     * @param environment the application's environment
     * @throws OrchestratorConfigurationException naming each removed key found, where it was set,
     *     and its replacement
     */
    static void check(Environment environment) {
        Set<String> found = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            List<ConfigurationPropertyName> names;
            try (Stream<ConfigurationPropertyName> stream = iterable.stream()) {
                names = stream.filter(OLD_ENDPOINT::isAncestorOf).toList();
            }
            for (ConfigurationPropertyName name : names) {
                found.add(removed(name, source.getConfigurationProperty(name)));
            }
        }
        if (!found.isEmpty()) {
            throw new OrchestratorConfigurationException(
                    "The orchestrator endpoint's settings moved to management.endpoint.orchestrator.*, beside"
                            + " Spring Boot's own endpoint settings, and orchestrator.endpoint.* is no longer read: "
                            + String.join("; ", new ArrayList<>(found))
                            + ".",
                    "Rename the property: management.endpoint.orchestrator.show-details takes the same values"
                            + " (never, when-authorized, always) and management.endpoint.orchestrator.roles the same"
                            + " role names.");
        }
    }

    private static String removed(ConfigurationPropertyName name, @Nullable ConfigurationProperty property) {
        String key = ENDPOINT_KEYS.get(name.getElement(2, ConfigurationPropertyName.Form.UNIFORM));
        String old = key != null ? "orchestrator.endpoint." + key : name.toString();
        String where = property == null || property.getOrigin() == null ? "" : " (set in " + property.getOrigin() + ")";
        return key != null
                ? "'" + old + "'" + where + " is now 'management.endpoint.orchestrator." + key + "'"
                : "'" + old + "'" + where + " has no replacement (the endpoint's settings are"
                        + " management.endpoint.orchestrator.show-details, .roles and .access)";
    }
}
