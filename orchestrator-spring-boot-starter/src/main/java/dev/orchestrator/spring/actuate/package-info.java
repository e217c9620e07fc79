/**
 * Actuator support: the {@code orchestrator} endpoint and its auto-configuration.
 */
@NullMarked
package dev.orchestrator.spring.actuate;

import org.jspecify.annotations.NullMarked;
