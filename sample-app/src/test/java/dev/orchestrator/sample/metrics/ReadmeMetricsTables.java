package dev.orchestrator.sample.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus series that the README's "Metrics" section lists: those of its first table (every
 * application) and those of its cluster table (cluster mode only), read from the tables' second
 * column.
 *
 * @param always the series of the first table
 * @param cluster the series of the cluster table
 */
public record ReadmeMetricsTables(Set<String> always, Set<String> cluster) {

    private static final Path README = Path.of("../README.md");
    private static final Pattern SERIES = Pattern.compile("`(orchestrator_[a-z_]+)`");

    /**
     * Reads the tables from the README at the root of the repository.
     *
     * @return the series they list
     */
    public static ReadmeMetricsTables read() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n### Metrics\n");
        if (start < 0) {
            throw new IllegalStateException("README.md has no '### Metrics' section");
        }
        int end = readme.indexOf("\n## ", start + 1);
        List<String> lines =
                readme.substring(start, end < 0 ? readme.length() : end).lines().toList();
        Set<String> always = new TreeSet<>();
        Set<String> cluster = new TreeSet<>();
        int table = 0;
        boolean inTable = false;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            if (!inTable) {
                inTable = true;
                table++;
                continue; // the header row
            }
            String[] cells = line.split("\\|");
            if (cells.length < 3 || cells[2].isBlank() || cells[2].startsWith("---")) {
                continue;
            }
            Matcher series = SERIES.matcher(cells[2]);
            while (series.find()) {
                (table == 1 ? always : cluster).add(series.group(1));
            }
        }
        if (always.isEmpty() || cluster.isEmpty()) {
            throw new IllegalStateException("README.md's Metrics section should have two tables of series (every"
                    + " application, cluster mode), found " + always + " and " + cluster);
        }
        return new ReadmeMetricsTables(always, cluster);
    }
}
