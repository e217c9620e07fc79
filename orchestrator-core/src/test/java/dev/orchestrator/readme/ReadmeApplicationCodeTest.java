package dev.orchestrator.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.orchestration.Dispatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's "Working with jobs from application code" section: shown verbatim, and it runs. */
class ReadmeApplicationCodeTest {

    @Test
    void readmeShowsExactlyTheApplicationCodeExample() throws IOException {
        String example = ReadmeExampleTest.taggedRegion(
                Files.readString(Path.of("src/test/java/dev/orchestrator/readme/ReadmeApplicationCode.java")));

        assertThat(example).contains("JobHandle<Report> handle", "updateState", "listenTo");
        assertThat(Files.readString(Path.of("../README.md")))
                .as("README.md must show the code of ReadmeApplicationCode between its tag lines")
                .contains(example);
    }

    @Test
    void theExampleReturnsATypedReportAndTheOrchestratorCountsLoginsFromTheGlobalBus() throws Exception {
        SignalBus global =
                SignalBus.builder("readme-global").logger(NoOpLogger.INSTANCE).build();
        SignalBus audit =
                SignalBus.builder("readme-audit").logger(NoOpLogger.INSTANCE).build();
        try (Dispatcher dispatcher = Dispatcher.builder().defaultBus(global).build();
                ReadmeApplicationCode.AuditOrchestrator orchestrator =
                        new ReadmeApplicationCode.AuditOrchestrator(dispatcher, audit, global)) {
            ReadmeApplicationCode.Report report = ReadmeApplicationCode.run(dispatcher);

            assertThat(report).isEqualTo(new ReadmeApplicationCode.Report("2026-11", 11));

            global.emit(new ReadmeApplicationCode.UserLoggedInEvent("ada"));
            global.emit(new ReadmeApplicationCode.UserLoggedInEvent("bob"));
            await().atMost(Duration.ofSeconds(5)).until(() -> orchestrator.getState() == 2);
            orchestrator.reset();
            assertThat(orchestrator.getState()).isZero();
        } finally {
            audit.close();
            global.close();
        }
    }
}
