package dev.orchestrator.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReadmeExampleTest {

    private static final Path SOURCE = Path.of("src/test/java/dev/orchestrator/readme/ReadmeExample.java");
    private static final Path README = Path.of("../README.md");

    @Test
    void readmeShowsExactlyTheExampleCode() throws IOException {
        String example = taggedRegion(Files.readString(SOURCE));
        String readme = Files.readString(README);

        assertThat(example).contains("class GreetOrchestrator");
        assertThat(readme)
                .as("README.md must show the code of ReadmeExample between its tag lines")
                .contains(example);
    }

    @Test
    void theExampleRunsAndReachesTheGreeting() {
        List<String> states = ReadmeExample.run();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(states).containsExactly("working", "Hello, Ada!"));
    }

    /** The lines between the tag lines, without the common indentation. */
    static String taggedRegion(String source) {
        List<String> lines = source.lines().collect(Collectors.toList());
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
