/**
 * Auto-configuration of the Actuator endpoint, conditional on the classes it needs.
 */
@NullMarked
package dev.orchestrator.spring.actuate.autoconfigure;

import org.jspecify.annotations.NullMarked;
