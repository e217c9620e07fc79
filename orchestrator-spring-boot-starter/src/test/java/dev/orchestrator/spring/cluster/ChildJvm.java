package dev.orchestrator.spring.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * How the real-process tests start a JVM of their own: the JVM running the tests (JDK 17 or 25,
 * whichever runs the build), the test class path (which holds the Kafka broker jars of
 * spring-kafka-test, the orchestrator and the test classes), loopback only, and a logback
 * configuration that sends every log line to stderr at WARN for Kafka.
 */
final class ChildJvm {

    /** Logback configuration of every child JVM, on the test class path. */
    static final String LOGBACK = "cluster-process-logback.xml";

    private ChildJvm() {}

    /** {@return the java executable of the JVM running the tests} */
    static String java() {
        Path home = Path.of(System.getProperty("java.home"));
        Path java = home.resolve("bin").resolve("java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("No java executable under " + home));
    }

    /**
     * {@return the class path of the child JVMs: the test class path, with a copy of its class
     * directories and snapshot jars} The copy, taken once per test JVM, is what a child loads its
     * classes from, lazily and for a minute or more: a rebuild meanwhile (an IDE, another build in
     * the same tree) rewrites {@code target/classes} and the local repository's snapshot jars, and a
     * child reading them then fails with a {@code NoClassDefFoundError}.
     */
    static synchronized String classPath() {
        if (classPath == null) {
            classPath = copyOfMutableEntries(testClassPath());
        }
        return classPath;
    }

    private static @Nullable String classPath;

    /**
     * {@return the test class path} Surefire sets {@code java.class.path} of its forked JVM to the
     * test class path (its booter jar is elsewhere).
     */
    private static String testClassPath() {
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.contains("kafka_2.13") || !classPath.contains("test-classes")) {
            String surefire = System.getProperty("surefire.test.class.path");
            if (surefire != null && surefire.contains("kafka_2.13")) {
                return surefire;
            }
            throw new IllegalStateException(
                    "The test class path holds no kafka_2.13 jar or test classes: " + classPath);
        }
        return classPath;
    }

    private static String copyOfMutableEntries(String classPath) {
        try {
            Path copy = Files.createTempDirectory("cluster-test-classpath-");
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(() -> RealKafkaBroker.deleteRecursively(copy), "classpath-copy-delete"));
            List<String> entries = new ArrayList<>();
            int index = 0;
            for (String entry : classPath.split(File.pathSeparator)) {
                Path path = Path.of(entry);
                Path target = copy.resolve(index++ + "-" + path.getFileName());
                if (Files.isDirectory(path)) {
                    copyTree(path, target);
                    entries.add(target.toString());
                } else if (Files.isRegularFile(path) && entry.contains("-SNAPSHOT")) {
                    Files.copy(path, target);
                    entries.add(target.toString());
                } else {
                    entries.add(entry);
                }
            }
            return String.join(File.pathSeparator, entries);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot copy the test class path", ex);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    /**
     * {@return a new directory {@code target/cluster-processes/<test>/<time>} for the output of one
     * run of a test's processes} (one per run: a failed run's output stays next to later ones)
     */
    static Path outputDirectory(String test) throws IOException {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path directory = base.resolve("target")
                .resolve("cluster-processes")
                .resolve(test)
                .resolve(time);
        Files.createDirectories(directory);
        return directory;
    }

    /**
     * A process builder for {@code java <options> mainClass arguments} on the test class path
     * (passed in the {@code CLASSPATH} environment variable: it is long), with the serial collector
     * (a small JVM on a small machine).
     */
    static ProcessBuilder builder(List<String> jvmOptions, String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Dlogback.configurationFile=" + LOGBACK);
        command.add(mainClass);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CLASSPATH", classPath());
        return builder;
    }
}
