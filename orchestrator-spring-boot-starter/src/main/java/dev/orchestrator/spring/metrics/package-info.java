/**
 * Micrometer meters of the orchestrator, bound to the job registry; names in
 * {@link dev.orchestrator.spring.metrics.OrchestratorMeters}.
 */
@NullMarked
package dev.orchestrator.spring.metrics;

import org.jspecify.annotations.NullMarked;
