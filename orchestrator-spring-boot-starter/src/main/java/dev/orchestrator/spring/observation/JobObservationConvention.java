package dev.orchestrator.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names the observation of a job and chooses its keys. The starter uses
 * {@link DefaultJobObservationConvention} unless the application defines a bean of this type (or
 * registers a matching {@code GlobalObservationConvention}); extend the default to add keys. Keep
 * low-cardinality values bounded: they become meter tags. Implementations must be thread-safe.
 */
public interface JobObservationConvention extends ObservationConvention<JobObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof JobObservationContext;
    }
}
