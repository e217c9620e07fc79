package dev.orchestrator.spring.observation;

import dev.orchestrator.spring.observation.JobObservationDocumentation.HighCardinalityKeyNames;
import dev.orchestrator.spring.observation.JobObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The starter's {@link JobObservationConvention}: the observation is named {@value #NAME}, shown as
 * {@code job <JobType>} in traces; low-cardinality keys {@code job} (the job class's simple name),
 * {@code bus} and, once the job ended, {@code outcome} ({@code success}, {@code failure},
 * {@code timeout}, {@code cancelled}); high-cardinality key {@code job.id}. Stateless and
 * thread-safe; extend it to add keys.
 */
public class DefaultJobObservationConvention implements JobObservationConvention {

    /** Name of the observation, and so of its timer ({@code orchestrator_jobs_seconds} in Prometheus). */
    public static final String NAME = "orchestrator.jobs";

    /** Creates the convention. */
    public DefaultJobObservationConvention() {}

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(JobObservationContext context) {
        return "job " + typeName(context.getJobType());
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code job} and {@code bus}; {@code outcome} too once the job ended. The outcome is absent
     * while the job runs, so the observation's long task timer ({@code orchestrator.jobs.active}) and
     * its retry counter have the keys {@code job} and {@code bus} only.
     */
    @Override
    public KeyValues getLowCardinalityKeyValues(JobObservationContext context) {
        KeyValues keys = KeyValues.of(
                LowCardinalityKeyNames.JOB.withValue(typeName(context.getJobType())),
                LowCardinalityKeyNames.BUS.withValue(context.getBus()));
        return context.getOutcome()
                .map(outcome -> keys.and(LowCardinalityKeyNames.OUTCOME.withValue(outcome.tagValue())))
                .orElse(keys);
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(JobObservationContext context) {
        return KeyValues.of(HighCardinalityKeyNames.JOB_ID.withValue(context.getJobId()));
    }

    /**
     * {@return the name of the observation that a convention makes: its own, or {@value #NAME} when it
     * names none}
     *
     * @param convention the application's convention, or {@code null} for this one
     */
    public static String observationName(@Nullable JobObservationConvention convention) {
        String name = convention != null ? convention.getName() : null;
        return name != null ? name : NAME;
    }

    /**
     * {@return the simple name of a class, or its full name for anonymous and local classes that have none}
     *
     * @param type the class
     */
    protected static String typeName(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }
}
