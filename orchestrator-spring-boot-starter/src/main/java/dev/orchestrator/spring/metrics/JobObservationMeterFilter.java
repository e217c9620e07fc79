package dev.orchestrator.spring.metrics;

import static dev.orchestrator.spring.metrics.OrchestratorMeters.JOBS_ACTIVE_DESCRIPTION;
import static dev.orchestrator.spring.metrics.OrchestratorMeters.JOBS_DESCRIPTION;
import static dev.orchestrator.spring.metrics.OrchestratorMeters.JOB_RETRIES_DESCRIPTION;
import static dev.orchestrator.spring.metrics.OrchestratorMeters.UNIT_RETRIES;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The meters Micrometer makes of the job observation, its timer ({@code <name>}), long task timer
 * ({@code <name>.active}) and retry counter ({@code <name>.retries}), come without a description;
 * this filter gives them theirs ({@link OrchestratorMeters}), so that every series has help text
 * (Prometheus {@code # HELP}), and a base unit to the counter. A description set by someone else is
 * kept. When orchestrator metrics are disabled it denies those meters instead (the observation still
 * goes to tracing). Immutable and thread-safe.
 */
public final class JobObservationMeterFilter implements MeterFilter {

    private final String timer;
    private final String active;
    private final String retries;
    private final boolean enabled;

    /**
     * Creates the filter.
     *
     * @param observationName the job observation's name: its convention's {@code getName()}
     * @param enabled whether orchestrator metrics are published ({@code orchestrator.metrics.enabled})
     */
    public JobObservationMeterFilter(String observationName, boolean enabled) {
        this.timer = Objects.requireNonNull(observationName, "observationName must not be null");
        this.active = observationName + ".active";
        this.retries = observationName + ".retries";
        this.enabled = enabled;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return enabled || !isJobMeter(id.getName()) ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        if (name.equals(timer)) {
            return describe(id, JOBS_DESCRIPTION, id.getBaseUnit());
        }
        if (name.equals(active)) {
            return describe(id, JOBS_ACTIVE_DESCRIPTION, id.getBaseUnit());
        }
        if (name.equals(retries)) {
            return describe(id, JOB_RETRIES_DESCRIPTION, id.getBaseUnit() != null ? id.getBaseUnit() : UNIT_RETRIES);
        }
        return id;
    }

    private boolean isJobMeter(String name) {
        return name.equals(timer) || name.equals(active) || name.equals(retries);
    }

    private static Meter.Id describe(Meter.Id id, String description, @Nullable String baseUnit) {
        if (id.getDescription() != null) {
            return id;
        }
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), baseUnit, description, id.getType());
    }

    @Override
    public String toString() {
        return "JobObservationMeterFilter[" + timer + (enabled ? "" : ", denied") + "]";
    }
}
