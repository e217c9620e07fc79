package dev.orchestrator.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names the observation of a job and chooses its keys. The starter uses
 * {@link DefaultJobObservationConvention} unless the application defines a bean of this type; extend
 * the default to add keys. (A {@code GlobalObservationConvention} that renames the observation is not
 * supported: the meters' help text and their removal with a closed bus follow this bean's name.) Keep
 * low-cardinality values bounded: they become meter tags. Implementations must be thread-safe.
 */
public interface JobObservationConvention extends ObservationConvention<JobObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof JobObservationContext;
    }
}
