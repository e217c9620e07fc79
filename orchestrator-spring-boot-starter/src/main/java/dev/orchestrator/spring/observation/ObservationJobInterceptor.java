package dev.orchestrator.spring.observation;

import dev.orchestrator.event.JobRetryingEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.FinishedJob;
import dev.orchestrator.orchestration.JobInterceptor;
import dev.orchestrator.orchestration.JobOutcome;
import dev.orchestrator.orchestration.JobRegistry;
import dev.orchestrator.orchestration.JobSnapshot;
import dev.orchestrator.orchestration.OrchestratorObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Observes every job in one Micrometer {@link Observation} ({@link JobObservationDocumentation#JOB},
 * named {@value DefaultJobObservationConvention#NAME} by default): started when the job's first
 * attempt starts, stopped once when it ends, with its outcome as a key; each retry is an
 * {@linkplain JobObservationDocumentation.Events#RETRY event} on it. Its parent is the observation
 * current on the thread that dispatched the job, and every attempt runs in its scope, so a trace
 * continues from the request that dispatched the job into its worker threads, retries included.
 *
 * <p>It is the dispatcher's interceptor (to capture the dispatching thread's observation and to open
 * the scope around each attempt) and an observer of the job registry (for the start, retries and
 * ending). In cluster mode the observation lives on the instance that dispatched the job, following
 * the events that come back from the instance running it; attempts running here for another
 * instance run outside any job observation (no trace context travels through Kafka).
 *
 * <p>Thread-safe. Keeps nothing for a job after its ending, nor for a dispatch that failed.
 */
public class ObservationJobInterceptor implements JobInterceptor {

    private static final DefaultJobObservationConvention DEFAULT_CONVENTION = new DefaultJobObservationConvention();

    private final ObservationRegistry registry;
    private final @Nullable JobObservationConvention convention;

    /**
     * The observation of each job between its dispatch and its ending, by job id. Weakly held until
     * the job starts (pinned from then on): a dispatch that fails after this interceptor saw it
     * (too many active jobs, a duplicate id) leaves no start and no ending behind, only a run that
     * nobody holds, and then its entry goes with it.
     */
    private final ConcurrentHashMap<String, Tracked> jobs = new ConcurrentHashMap<>();

    private final ReferenceQueue<JobObservation> collected = new ReferenceQueue<>();

    /**
     * Creates the interceptor and registers it as an observer of {@code jobs}, the registry of the
     * dispatcher it is given to.
     *
     * @param registry where observations are made, not {@code null}
     * @param jobs the dispatcher's job registry, not {@code null}
     * @param convention the application's convention, or {@code null} for the registry's global one
     *     or else {@link DefaultJobObservationConvention}
     */
    public ObservationJobInterceptor(
            ObservationRegistry registry, JobRegistry jobs, @Nullable JobObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.convention = convention;
        Objects.requireNonNull(jobs, "jobs must not be null").addObserver(new Lifecycle());
    }

    @Override
    public Interception onDispatch(BaseJob job) {
        forgetCollected();
        JobObservation observation = new JobObservation(registry.getCurrentObservation());
        // a job id that is still tracked keeps its observation: this dispatch is refused, or is the
        // run of that same job taken from the cluster, whose attempts then run outside it
        jobs.compute(
                job.id(),
                (id, tracked) ->
                        tracked != null && tracked.get() != null ? tracked : new Tracked(id, observation, collected));
        return observation;
    }

    /** {@return how many jobs it tracks now: dispatched and not ended, or dispatched and not yet collected} */
    int trackedJobs() {
        forgetCollected();
        return jobs.size();
    }

    private void forgetCollected() {
        for (Reference<? extends JobObservation> ref; (ref = collected.poll()) != null; ) {
            Tracked tracked = (Tracked) ref;
            jobs.remove(tracked.id, tracked);
        }
    }

    /** The job's observation, held strongly from now on: the job started or ended, so it will end. */
    private JobObservation pin(String jobId) {
        Tracked tracked = jobs.compute(jobId, (id, old) -> {
            JobObservation live = old != null ? old.get() : null;
            if (old != null && live != null) {
                old.pinned = live;
                return old;
            }
            // its dispatch was not seen (a job id reused while its predecessor's ending was reported)
            JobObservation fresh = new JobObservation(null);
            Tracked created = new Tracked(id, fresh, collected);
            created.pinned = fresh;
            return created;
        });
        return Objects.requireNonNull(tracked.pinned, "pinned above");
    }

    /** A job's entry: weak until the job starts, then pinned until it ends. */
    private static final class Tracked extends WeakReference<JobObservation> {
        final String id;
        /** Written inside the map's compute for this id; read there and by whoever got the entry back. */
        volatile @Nullable JobObservation pinned;

        Tracked(String id, JobObservation observation, ReferenceQueue<JobObservation> queue) {
            super(observation, queue);
            this.id = id;
        }
    }

    /** Follows the registry: start, retries and ending of every job, each job's calls one at a time. */
    private final class Lifecycle implements OrchestratorObserver {

        @Override
        public void jobStarted(JobSnapshot job) {
            pin(job.id()).start(job);
        }

        @Override
        public void jobRetrying(JobSnapshot job, JobRetryingEvent event) {
            pin(job.id()).retrying(event);
        }

        @Override
        public void jobFinished(FinishedJob job) {
            try {
                pin(job.id()).finish(job);
            } finally {
                jobs.remove(job.id()); // also when a handler of the observation threw
            }
        }

        @Override
        public String toString() {
            return "ObservationJobInterceptor";
        }
    }

    /**
     * One job's observation: created at its start (its parent captured at its dispatch), scoped around
     * each attempt, stopped at its ending. {@link #start}, {@link #retrying} and {@link #finish} come
     * one at a time from the registry (under the job's lock); {@link #around} runs beside them.
     */
    private final class JobObservation implements Interception {

        private final @Nullable Observation parent;
        private volatile @Nullable JobObservationContext context;
        private volatile @Nullable Observation observation;
        private volatile boolean ended;
        /** The exception of the last attempt that ran here, for a failure's observation. */
        private volatile @Nullable Throwable lastError;

        JobObservation(@Nullable Observation parent) {
            this.parent = parent;
        }

        void start(JobSnapshot job) {
            if (observation == null) {
                open(job.id(), job.jobType(), job.executor(), job.bus(), job.attempt());
            }
        }

        private Observation open(
                String id, Class<? extends BaseJob> jobType, String executor, String bus, int attempts) {
            JobObservationContext created = new JobObservationContext(id, jobType, executor, bus);
            created.setAttempts(attempts);
            Observation opened = JobObservationDocumentation.JOB
                    .observation(convention, DEFAULT_CONVENTION, () -> created, registry)
                    .parentObservation(parent);
            context = created;
            opened.start();
            observation = opened; // published started: an attempt on another thread may open its scope
            return opened;
        }

        void retrying(JobRetryingEvent event) {
            Observation current = observation;
            JobObservationContext details = context;
            if (current == null || details == null) {
                return; // a retry comes after the start; nothing to add to
            }
            details.setAttempts(event.attempt());
            current.event(JobObservationDocumentation.Events.RETRY.format(
                    event.attempt(),
                    event.maxAttempts(),
                    DefaultJobObservationConvention.typeName(event.lastError().getClass()),
                    event.delayBeforeRetry()));
        }

        void finish(FinishedJob job) {
            Observation current = observation;
            JobObservationContext details = context;
            if (current == null || details == null) {
                // ended before its first attempt started (cancelled while queued): an observation
                // all the same, so that every ending is counted once
                current = open(job.id(), job.jobType(), job.executor(), job.bus(), 0);
                details = Objects.requireNonNull(context, "set by open");
            }
            details.setAttempts(job.attempts());
            details.setOutcome(job.outcome()); // after the start: the active timer has no outcome key
            Throwable error = lastError;
            if (job.outcome() == JobOutcome.FAILURE && error != null) {
                current.error(error);
            }
            ended = true;
            current.stop();
        }

        @Override
        public @Nullable Object around(Callable<@Nullable Object> attempt) throws Exception {
            Observation current = observation;
            if (current == null || ended) {
                return attempt.call(); // not observed here (see the class comment), or already ended
            }
            lastError = null;
            try (Observation.Scope scope = current.openScope()) {
                return attempt.call();
            } catch (Throwable ex) {
                lastError = ex;
                throw ex;
            }
        }
    }
}
