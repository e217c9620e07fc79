package dev.orchestrator.spring.observation;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.JobInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Runs every attempt of a job in a Micrometer {@link Observation} named {@value #OBSERVATION_NAME},
 * whose parent is the observation current on the dispatching thread, so that a trace continues
 * from the request that dispatched the job into its worker thread. Low-cardinality key: {@code job}
 * (the job type); high-cardinality key: {@code job.id}.
 */
public class ObservationJobInterceptor implements JobInterceptor {

    /** Name of the observation around each attempt. */
    public static final String OBSERVATION_NAME = "orchestrator.job.execution";

    private final ObservationRegistry registry;

    /**
     * Creates the interceptor.
     *
     * @param registry the observation registry
     */
    public ObservationJobInterceptor(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Interception onDispatch(BaseJob job) {
        Observation parent = registry.getCurrentObservation();
        String jobType = job.getClass().getSimpleName();
        String jobId = job.id();
        return attempt -> Observation.createNotStarted(OBSERVATION_NAME, registry)
                .parentObservation(parent)
                .contextualName("job " + jobType)
                .lowCardinalityKeyValue("job", jobType)
                .highCardinalityKeyValue("job.id", jobId)
                .observeChecked(attempt::call);
    }
}
