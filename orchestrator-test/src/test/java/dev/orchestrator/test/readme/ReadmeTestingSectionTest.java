package dev.orchestrator.test.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README.md's "Testing your orchestrators" shows the code of the examples that run as tests, verbatim. */
class ReadmeTestingSectionTest {

    private static final Path README = Path.of("../README.md");

    @Test
    void readmeShowsThePlainJavaExampleVerbatim() throws IOException {
        String example = taggedRegion(Path.of("src/test/java/dev/orchestrator/test/readme/ReportExecutorTest.java"));

        assertThat(example).contains("time.runUntilDone(handle)");
        assertThat(Files.readString(README))
                .as("README.md must show the code of ReportExecutorTest between its tag lines")
                .contains(example);
    }

    @Test
    void readmeShowsTheSliceExampleVerbatim() throws IOException {
        String example = taggedRegion(
                Path.of(
                        "../orchestrator-spring-boot-starter/src/test/java/dev/orchestrator/spring/slice/ReportOrchestratorTest.java"));

        assertThat(example).contains("@OrchestratorTest");
        assertThat(Files.readString(README))
                .as("README.md must show the code of ReportOrchestratorTest between its tag lines")
                .contains(example);
    }

    /** The lines between the tag lines, without their common indentation. */
    static String taggedRegion(Path source) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int start = indexOf(lines, "// tag::example[]") + 1;
        int end = indexOf(lines, "// end::example[]");
        List<String> region = lines.subList(start, end);
        int indent = region.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("marker not found: " + marker);
    }
}
