package dev.orchestrator.spring.actuate.endpoint;

import dev.orchestrator.bus.SignalBus;
import dev.orchestrator.bus.Subscription;
import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobEvent;
import dev.orchestrator.event.JobFailureEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.event.JobTimeoutEvent;
import dev.orchestrator.orchestration.FinishedJob;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.orchestration.OrchestratorObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle events of each running and recently finished job, in the order they were emitted,
 * for the endpoint's answer about one job ({@code /actuator/orchestrator/jobs/{id}}). It observes
 * the {@link JobRegistry} and keeps what it needs of each {@link JobEvent} (kind, time, progress,
 * message, error text, retry delay) but never the event, the job's data or its result.
 *
 * <p>Bounded: per job the first event and the {@code eventsPerJob - 1} most recent ones are kept
 * (the number left out is counted), messages and error texts cut at 500 characters; the events of a
 * job are kept while it runs and, once it has ended, for as many finished jobs as the registry's
 * history holds ({@code historySize}), the oldest forgotten first. Callers show a job's events only
 * while the registry still knows the job. A run of a reused id starts a new list.
 *
 * <p>Thread-safe: events are recorded on the threads that emit them; reads return copies.
 */
public final class JobEventLog implements AutoCloseable {

    /** Longest message or error text kept, in characters; longer ones are cut and end with "…". */
    private static final int MAX_TEXT_LENGTH = 500;

    private final int eventsPerJob;
    private final int historySize;
    private final Map<String, Timeline> running = new ConcurrentHashMap<>();
    /** Finished jobs' timelines, oldest first (guarded by itself). */
    private final LinkedHashMap<String, Timeline> finished = new LinkedHashMap<>();

    private final JobRegistry registry;
    private final Subscription subscription;

    /**
     * Starts recording the events of the registry's jobs.
     *
     * @param registry the registry to observe, not {@code null}
     * @param eventsPerJob how many events to keep per job, at least 2 (the first and the last)
     * @param historySize how many finished jobs' events to keep, at least 0; the registry's
     *     history size is the natural value
     * @throws IllegalArgumentException when {@code eventsPerJob} is below 2 or {@code historySize}
     *     negative
     */
    public JobEventLog(JobRegistry registry, int eventsPerJob, int historySize) {
        Objects.requireNonNull(registry, "registry must not be null");
        if (eventsPerJob < 2) {
            throw new IllegalArgumentException(
                    "eventsPerJob must be at least 2 (the first and the last event of a job), but was " + eventsPerJob);
        }
        if (historySize < 0) {
            throw new IllegalArgumentException("historySize must be 0 or more, but was " + historySize);
        }
        this.eventsPerJob = eventsPerJob;
        this.historySize = historySize;
        this.registry = registry;
        this.subscription = registry.addObserver(new Recorder());
    }

    /**
     * {@return the events kept for a job, oldest first, or empty when none are kept for that id}
     *
     * @param id a job id, not {@code null}
     */
    public Optional<Events> eventsOf(String id) {
        Objects.requireNonNull(id, "id must not be null");
        Timeline timeline = running.get(id);
        if (timeline == null) {
            synchronized (finished) {
                timeline = finished.get(id);
            }
        }
        return timeline == null ? Optional.empty() : Optional.of(timeline.copy());
    }

    /** Stops recording; what was recorded stays readable. Idempotent. */
    @Override
    public void close() {
        subscription.unsubscribe();
    }

    @Override
    public String toString() {
        return "JobEventLog[running=" + running.size() + ", eventsPerJob=" + eventsPerJob + "]";
    }

    private void record(JobEvent event) {
        String id = event.correlationId();
        Timeline timeline = running.get(id);
        if (timeline == null) {
            // Creating a timeline and moving one to the finished ones exclude each other, so no
            // timeline is created for a job that has just ended.
            synchronized (finished) {
                timeline = event.isTerminal() ? finished.get(id) : null;
                if (timeline == null) {
                    if (event.isTerminal() || registry.running(id).isEmpty()) {
                        return; // forgotten already, ended before this log started, or another registry's job
                    }
                    // The first event of a run. A job ends with its terminal event, so a finished
                    // timeline under this id belongs to an earlier run of a reused id: start afresh.
                    finished.remove(id);
                    timeline = running.computeIfAbsent(id, key -> new Timeline(eventsPerJob));
                }
            }
        }
        timeline.add(Entry.of(event));
    }

    /** A job ended (before its terminal event is emitted): its timeline moves to the finished ones. */
    private void finish(FinishedJob job) {
        synchronized (finished) {
            Timeline timeline = running.remove(job.id());
            if (historySize == 0) {
                return;
            }
            finished.remove(job.id());
            finished.put(job.id(), timeline != null ? timeline : new Timeline(eventsPerJob));
            Iterator<String> oldest = finished.keySet().iterator();
            while (finished.size() > historySize) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    private final class Recorder implements OrchestratorObserver {

        @Override
        public void eventEmitted(SignalBus bus, BaseEvent event) {
            if (event instanceof JobEvent jobEvent) {
                record(jobEvent);
            }
        }

        @Override
        public void jobFinished(FinishedJob job) {
            finish(job);
        }
    }

    /** One job's kept events. */
    private static final class Timeline {

        private final int capacity;
        private final List<Entry> entries = new ArrayList<>();
        private int notKept;

        Timeline(int capacity) {
            this.capacity = capacity;
        }

        synchronized void add(Entry entry) {
            if (entries.size() == capacity) {
                entries.remove(1); // keep the first event; forget the oldest after it
                notKept++;
            }
            entries.add(entry);
        }

        synchronized Events copy() {
            return new Events(List.copyOf(entries), notKept);
        }
    }

    /**
     * The events kept for one job.
     *
     * @param events the kept events, oldest first: the job's first event, then the most recent ones
     * @param notKept how many events between the first and the kept recent ones were left out
     */
    public record Events(List<Entry> events, int notKept) {}

    /**
     * What is kept of one event, as the endpoint shows it in the answer about one job. The message and
     * the error may hold private data: the endpoint shows them only with details
     * ({@link #withoutDetails()} otherwise).
     *
     * @param type the event's class simple name, e.g. {@code JobProgressEvent}
     * @param at when it was emitted
     * @param progress for a progress event, the progress {@code 0.0..1.0}; otherwise {@code null}
     * @param message for a progress event, its message, if any (at most 500 characters)
     * @param attempt for a retry, the attempt that failed; for a failure, the attempts made
     * @param delayMillis for a retry, the wait before the next attempt; for a timeout, the timeout
     * @param error for a retry or a failure, the error's class and message (at most 500 characters)
     */
    public record Entry(
            String type,
            Instant at,
            @Nullable Double progress,
            @Nullable String message,
            @Nullable Integer attempt,
            @Nullable Long delayMillis,
            @Nullable String error) {

        /** {@return this event without its message and error text, for a caller not shown details} */
        public Entry withoutDetails() {
            return message == null && error == null
                    ? this
                    : new Entry(type, at, progress, null, attempt, delayMillis, null);
        }

        static Entry of(JobEvent event) {
            String type = event.getClass().getSimpleName();
            if (event instanceof JobProgressEvent progress) {
                return new Entry(
                        type,
                        event.timestamp(),
                        progress.progress(),
                        progress.message().map(Entry::cut).orElse(null),
                        null,
                        null,
                        null);
            }
            if (event instanceof JobRetryingEvent retrying) {
                return new Entry(
                        type,
                        event.timestamp(),
                        null,
                        null,
                        retrying.attempt(),
                        retrying.delayBeforeRetry().toMillis(),
                        summarize(retrying.lastError()));
            }
            if (event instanceof JobFailureEvent failure) {
                return new Entry(
                        type, event.timestamp(), null, null, failure.attempts(), null, summarize(failure.error()));
            }
            if (event instanceof JobTimeoutEvent timeout) {
                return new Entry(
                        type,
                        event.timestamp(),
                        null,
                        null,
                        null,
                        timeout.timeout().toMillis(),
                        null);
            }
            return new Entry(type, event.timestamp(), null, null, null, null, null);
        }

        private static String summarize(Throwable error) {
            return cut(error.toString());
        }

        private static String cut(String text) {
            return text.length() <= MAX_TEXT_LENGTH ? text : text.substring(0, MAX_TEXT_LENGTH) + "…";
        }
    }
}
