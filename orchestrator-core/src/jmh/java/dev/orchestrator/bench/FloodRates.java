package dev.orchestrator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What a flood moved in each measured iteration: flood events emitted per second ({@code offered})
 * and flood events handled per second, summed over the subscribers and divided by their number
 * ({@code delivered}); the difference was dropped. (JMH's auxiliary counters do not work in sample
 * time mode.) Each measured iteration prints one line {@code [rates] {...}} and, when the system
 * property {@value #FILE_PROPERTY} names a file, appends the same JSON object to it, one per line.
 */
final class FloodRates {

    static final String FILE_PROPERTY = "bench.rates";

    private final String label;
    private final int subscribers;
    final DeliveryCounts counts;
    /** Flood emits so far; written by the flood thread only, read between iterations. */
    long emits;

    private long startNanos;
    private long startEmits;
    private long startDelivered;

    /**
     * @param label the benchmark's name, with its parameters if any ({@code disruptorDropping[sleeping]})
     * @param subscribers how many subscribers the flood reaches
     */
    FloodRates(String label, int subscribers) {
        this.label = label;
        this.subscribers = subscribers;
        this.counts = new DeliveryCounts(subscribers);
    }

    void begin() {
        startNanos = System.nanoTime();
        startEmits = emits;
        startDelivered = counts.total();
    }

    void end(IterationParams iteration) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (iteration.getType() != IterationType.MEASUREMENT || seconds <= 0) {
            return;
        }
        double offered = (emits - startEmits) / seconds;
        double delivered = (counts.total() - startDelivered) / (double) subscribers / seconds;
        String json = String.format(
                Locale.ROOT,
                "{\"benchmark\": \"%s\", \"offeredPerSecond\": %.1f, \"deliveredPerSecond\": %.1f}",
                label,
                offered,
                delivered);
        System.out.println("[rates] " + json);
        String file = System.getProperty(FILE_PROPERTY);
        if (file != null && !file.isEmpty()) {
            try {
                Files.writeString(
                        Path.of(file),
                        json + System.lineSeparator(),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
