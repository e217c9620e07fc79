/**
 * Micrometer Observation around each attempt of a job.
 */
@NullMarked
package dev.orchestrator.spring.observation;

import org.jspecify.annotations.NullMarked;
