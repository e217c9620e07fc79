/**
 * Auto-configuration of the orchestrator's Micrometer meters, when a {@code MeterRegistry} exists.
 */
@NullMarked
package dev.orchestrator.spring.metrics.autoconfigure;

import org.jspecify.annotations.NullMarked;
