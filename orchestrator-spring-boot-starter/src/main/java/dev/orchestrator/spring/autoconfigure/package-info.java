/**
 * Auto-configuration of the core beans (global bus, job registry, dispatcher, configuration from
 * {@code orchestrator.*} properties), {@code @Executor} registration and graceful shutdown.
 */
@NullMarked
package dev.orchestrator.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
