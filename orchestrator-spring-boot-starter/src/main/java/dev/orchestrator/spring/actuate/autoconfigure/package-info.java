/**
 * Auto-configurations of the Actuator endpoint, health indicator, Micrometer metrics and observations,
 * each conditional on the classes it needs.
 */
@NullMarked
package dev.orchestrator.spring.actuate.autoconfigure;

import org.jspecify.annotations.NullMarked;
