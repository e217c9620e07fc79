package dev.orchestrator.sample.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own linter, {@code promtool check metrics}, from Debian's {@code prometheus} package.
 * A missing binary fails the test with the command that installs it: a lint that skips proves
 * nothing in CI ({@code .ci/run} installs it). Public for the cluster profile's test.
 */
public final class Promtool {

    static final Path BINARY = Path.of("/usr/bin/promtool");
    private static final String INSTALL = "install it with: apt-get update && apt-get install -y prometheus";

    private Promtool() {}

    /**
     * Runs {@code promtool check metrics} on a scrape in the Prometheus text format.
     *
     * @param scrape what {@code /actuator/prometheus} answered
     * @return promtool's remarks, one a line (empty when it has none)
     */
    public static List<String> checkMetrics(String scrape) throws IOException, InterruptedException {
        assertThat(BINARY)
                .as("promtool is required for this test at " + BINARY + "; " + INSTALL)
                .isExecutable();
        Process process = new ProcessBuilder(BINARY.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("promtool ends").isTrue();
        // exit status 0: no remark; 3: lint remarks (listed); anything else: it could not read the scrape
        assertThat(process.exitValue())
                .as("promtool check metrics could not read the scrape:%n%s", output)
                .isIn(0, 3);
        return output.lines().filter(line -> !line.isBlank()).toList();
    }
}
