package dev.orchestrator.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pins ConsoleLogger: default minimum INFO, lines of the form {@code [LEVEL] message}, errors with their stack trace. */
class ConsoleLoggerTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private PrintStream originalOut;

    @BeforeEach
    void rememberSystemOut() {
        originalOut = System.out;
    }

    @AfterEach
    void restoreSystemOut() {
        System.setOut(originalOut);
    }

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void defaultLoggerWritesInfoToSystemOutAsLevelInBracketsThenMessage() {
        System.setOut(out);
        ConsoleLogger logger = new ConsoleLogger();
        System.setOut(originalOut);

        logger.info("message");

        assertThat(written()).isEqualTo("[INFO] message" + System.lineSeparator());
    }

    @Test
    void defaultMinimumLevelIsInfoSoDebugIsDropped() {
        System.setOut(out);
        ConsoleLogger logger = new ConsoleLogger();
        System.setOut(originalOut);

        logger.debug("not shown");

        assertThat(logger.minLevel()).isEqualTo(LogLevel.INFO);
        assertThat(ConsoleLogger.DEFAULT_MIN_LEVEL).isEqualTo(LogLevel.INFO);
        assertThat(written()).isEmpty();
    }

    @Test
    void levelOnlyConstructorKeepsTheGivenMinimum() {
        ConsoleLogger logger = new ConsoleLogger(LogLevel.ERROR);

        assertThat(logger.minLevel()).isEqualTo(LogLevel.ERROR);
        assertThat(logger.isEnabled(LogLevel.WARNING)).isFalse();
        assertThat(logger.isEnabled(LogLevel.ERROR)).isTrue();
    }

    @Test
    void writesEachLevelWithItsUpperCaseName() {
        ConsoleLogger logger = new ConsoleLogger(LogLevel.DEBUG, out);

        logger.debug("d");
        logger.info("i");
        logger.warning("w");
        logger.log(LogLevel.ERROR, "e", null);

        String nl = System.lineSeparator();
        assertThat(written()).isEqualTo("[DEBUG] d" + nl + "[INFO] i" + nl + "[WARNING] w" + nl + "[ERROR] e" + nl);
    }

    @Test
    void warningAndAboveDropsInfoAndDebug() {
        ConsoleLogger logger = new ConsoleLogger(LogLevel.WARNING, out);

        logger.debug("d");
        logger.info("i");
        logger.warning("w");

        assertThat(written()).isEqualTo("[WARNING] w" + System.lineSeparator());
    }

    @ParameterizedTest
    @EnumSource(LogLevel.class)
    void isEnabledExactlyForTheMinimumAndMoreSevereLevels(LogLevel min) {
        ConsoleLogger logger = new ConsoleLogger(min, out);

        for (LogLevel level : LogLevel.values()) {
            assertThat(logger.isEnabled(level))
                    .as("min %s, level %s", min, level)
                    .isEqualTo(level.ordinal() >= min.ordinal());
        }
    }

    @Test
    void severityOrderIsDebugInfoWarningError() {
        assertThat(LogLevel.values()).containsExactly(LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARNING, LogLevel.ERROR);
    }

    @Test
    void errorIsFollowedByItsStackTrace() {
        ConsoleLogger logger = new ConsoleLogger(LogLevel.INFO, out);
        IllegalStateException error = new IllegalStateException("disk on fire");

        logger.error("handler failed", error);

        String[] lines = written().split("\\R");
        assertThat(lines[0]).isEqualTo("[ERROR] handler failed");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: 'disk on fire'");
        assertThat(lines[2]).contains("at " + ConsoleLoggerTest.class.getName() + ".errorIsFollowedByItsStackTrace");
    }

    @Test
    void warningWithErrorPrintsTheCauseChain() {
        ConsoleLogger logger = new ConsoleLogger(LogLevel.INFO, out);
        RuntimeException error = new RuntimeException("outer", new IllegalArgumentException("inner"));

        logger.warning("retrying", error);

        assertThat(written())
                .startsWith("[WARNING] retrying" + System.lineSeparator() + "java.lang.RuntimeException: 'outer'")
                .contains("Caused by: java.lang.IllegalArgumentException: 'inner'");
    }

    @Test
    void anErrorMessageCannotForgeALineOfItsOwn() {
        ConsoleLogger logger = new ConsoleLogger(LogLevel.INFO, out);
        RuntimeException error = new RuntimeException(
                "bad input\n[ERROR] forged line", new IllegalStateException("cause\r\n[INFO] forged too"));

        logger.error("handler failed", error);

        assertThat(written().split("\\R"))
                .noneMatch(line -> line.startsWith("[ERROR] forged") || line.startsWith("[INFO] forged"))
                .contains(
                        "java.lang.RuntimeException: 'bad input\\n[ERROR] forged line'",
                        "Caused by: java.lang.IllegalStateException: 'cause\\r\\n[INFO] forged too'");
    }

    @Test
    void droppedMessageDoesNotPrintItsErrorEither() {
        ConsoleLogger logger = new ConsoleLogger(LogLevel.ERROR, out);

        logger.warning("ignored", new RuntimeException("ignored too"));

        assertThat(written()).isEmpty();
    }

    @Test
    void concurrentMessagesAreWrittenAsWholeLinesWithTheirStackTracesTogether() throws Exception {
        ConsoleLogger logger = new ConsoleLogger(LogLevel.INFO, out);
        int threads = 4;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    for (int i = 0; i < perThread; i++) {
                        logger.error("t" + thread + "-" + i, new IllegalStateException("cause-t" + thread + "-" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        String[] lines = written().split("\\R");
        int messages = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("[ERROR] ")) {
                messages++;
                String id = lines[i].substring("[ERROR] ".length());
                assertThat(lines[i + 1]).isEqualTo("java.lang.IllegalStateException: 'cause-" + id + "'");
            } else {
                assertThat(lines[i])
                        .matches("(\\tat .*|\\t\\.\\.\\. \\d+ more|java\\.lang\\.IllegalStateException: .*)");
            }
        }
        assertThat(messages).isEqualTo(threads * perThread);
    }

    @Test
    void constructorRejectsNullsNamingTheParameter() {
        assertThatThrownBy(() -> new ConsoleLogger(null, out))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("minLevel");
        assertThatThrownBy(() -> new ConsoleLogger(LogLevel.INFO, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("out");
        assertThatThrownBy(() -> new ConsoleLogger((LogLevel) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("minLevel");
    }
}
