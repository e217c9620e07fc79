/**
 * Actuator support: the {@code orchestrator} endpoint and the auto-configurations of the endpoint,
 * health, metrics and observations.
 */
@NullMarked
package dev.orchestrator.spring.actuate;

import org.jspecify.annotations.NullMarked;
