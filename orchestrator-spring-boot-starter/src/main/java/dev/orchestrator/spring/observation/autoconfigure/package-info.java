/**
 * Auto-configuration of the job observation, when an {@code ObservationRegistry} exists.
 */
@NullMarked
package dev.orchestrator.spring.observation.autoconfigure;

import org.jspecify.annotations.NullMarked;
