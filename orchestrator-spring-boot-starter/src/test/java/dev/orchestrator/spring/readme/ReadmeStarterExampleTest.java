package dev.orchestrator.spring.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.spring.autoconfigure.OrchestratorAutoConfiguration;
import dev.orchestrator.spring.readme.ReadmeStarterExample.CartModule;
import dev.orchestrator.spring.readme.ReadmeStarterExample.CartOrchestrator;
import dev.orchestrator.spring.readme.ReadmeStarterExample.ChunkStore;
import dev.orchestrator.spring.readme.ReadmeStarterExample.UploadExecutor;
import dev.orchestrator.spring.readme.ReadmeStarterExample.UploadJob;
import dev.orchestrator.test.EventRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The README's starter examples are shown verbatim and work: an @Executor bean, a scoped bus bean and its orchestrator. */
class ReadmeStarterExampleTest {

    private static final Path SOURCE =
            Path.of("src/test/java/dev/orchestrator/spring/readme/ReadmeStarterExample.java");

    @Test
    void readmeShowsTheStarterExamplesVerbatim() throws IOException {
        String source = Files.readString(SOURCE);
        String readme = Files.readString(Path.of("../README.md"));
        for (String tag : List.of("executor", "module")) {
            String region = region(source, tag).replace("static class", "class");
            assertThat(readme)
                    .as("README shows the '%s' example of ReadmeStarterExample", tag)
                    .contains(region);
        }
    }

    @Test
    void theScopedBusIdiomKeepsTheModulesJobEventsOnItsBus() {
        List<String> stored = new CopyOnWriteArrayList<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OrchestratorAutoConfiguration.class))
                .withUserConfiguration(CartModule.class)
                .withBean(ChunkStore.class, () -> (file, chunk) -> stored.add(file + "#" + chunk))
                .withBean(UploadExecutor.class)
                .withBean(CartOrchestrator.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    EventRecorder global = EventRecorder.on(context.getBean(SignalBus.class));
                    CartOrchestrator cart = context.getBean(CartOrchestrator.class);
                    String id = cart.dispatch(new UploadJob("photo.jpg", 3));

                    await().atMost(Duration.ofSeconds(5))
                            .until(() -> cart.getState().uploads().contains(id));
                    assertThat(stored).containsExactly("photo.jpg#1", "photo.jpg#2", "photo.jpg#3");
                    assertThat(cart.bus().name()).isEqualTo("cart");
                    assertThat(global.flush().eventsOf(id)).isEmpty();
                });
    }

    private static String region(String source, String tag) {
        List<String> lines = source.lines().collect(Collectors.toList());
        int start = lines.indexOf(lines.stream()
                        .filter(l -> l.strip().equals("// tag::" + tag + "[]"))
                        .findFirst()
                        .orElseThrow())
                + 1;
        int end = lines.indexOf(lines.stream()
                .filter(l -> l.strip().equals("// end::" + tag + "[]"))
                .findFirst()
                .orElseThrow());
        List<String> region = lines.subList(start, end);
        int indent = region.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
    }
}
