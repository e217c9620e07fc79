/**
 * The {@code orchestrator} Actuator endpoint: running and finished jobs, executors, buses and
 * circuit-breaker trips, read from the job registry.
 */
@NullMarked
package dev.orchestrator.spring.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
