/**
 * Spring Boot support for the orchestrator: the {@link dev.orchestrator.spring.Executor @Executor} stereotype and
 * {@link dev.orchestrator.spring.SignalBuses} for the scoped buses of an application context.
 */
@NullMarked
package dev.orchestrator.spring;

import org.jspecify.annotations.NullMarked;
