package dev.orchestrator.sample.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric families of a scrape in the Prometheus text format: each family's name (as its
 * {@code # TYPE} line gives it), type and help text.
 *
 * @param text the scrape
 * @param types type by family name
 * @param help help text by family name, for families that have a {@code # HELP} line
 */
public record Scrape(String text, Map<String, String> types, Map<String, String> help) {

    /**
     * Reads a scrape.
     *
     * @param text the scrape
     * @return its families
     */
    public static Scrape of(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String[] parts = line.split(" ", 4);
            if (parts.length >= 4 && parts[0].equals("#") && parts[1].equals("TYPE")) {
                types.put(parts[2], parts[3]);
            } else if (parts.length >= 3 && parts[0].equals("#") && parts[1].equals("HELP")) {
                help.put(parts[2], parts.length == 4 ? parts[3] : "");
            }
        }
        return new Scrape(text, types, help);
    }

    /** {@return the names of the families whose name starts with {@code orchestrator_}, sorted} */
    public Set<String> orchestratorFamilies() {
        Set<String> names = new TreeSet<>();
        types.keySet().stream().filter(name -> name.startsWith("orchestrator_")).forEach(names::add);
        return names;
    }
}
