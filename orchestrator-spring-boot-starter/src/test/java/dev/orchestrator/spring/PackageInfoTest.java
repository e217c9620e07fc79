package dev.orchestrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 6: every package of the starter's main code has a {@code package-info.java} with a
 * Javadoc sentence and JSpecify's {@code @NullMarked}, so NullAway checks it and users see its
 * nullness.
 */
class PackageInfoTest {

    private static final Path MAIN = Path.of("src/main/java");

    @Test
    void everyMainPackageIsNullMarkedAndDescribed() throws IOException {
        List<Path> packages = packagesWithCode();
        assertThat(packages)
                .as("packages under %s", MAIN.toAbsolutePath())
                .extracting(MAIN::relativize)
                .extracting(Path::toString)
                .contains(
                        "dev/orchestrator/spring",
                        "dev/orchestrator/spring/health/autoconfigure",
                        "dev/orchestrator/spring/metrics/autoconfigure",
                        "dev/orchestrator/spring/observation/autoconfigure");
        for (Path dir : packages) {
            Path info = dir.resolve("package-info.java");
            assertThat(info).as("package-info.java of %s", MAIN.relativize(dir)).exists();
            String text = Files.readString(info);
            String name = MAIN.relativize(dir).toString().replace('/', '.');
            assertThat(text)
                    .as("%s", info)
                    .contains(
                            "/**",
                            "@NullMarked",
                            "package " + name + ";",
                            "import org.jspecify.annotations.NullMarked;");
        }
    }

    private static List<Path> packagesWithCode() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.getFileName().toString().equals("package-info.java"))
                    .map(Path::getParent)
                    .distinct()
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
