/**
 * One Micrometer Observation per job ({@code orchestrator.jobs}, every attempt inside it), its
 * {@link dev.orchestrator.spring.observation.JobObservationConvention convention} and documentation.
 */
@NullMarked
package dev.orchestrator.spring.observation;

import org.jspecify.annotations.NullMarked;
