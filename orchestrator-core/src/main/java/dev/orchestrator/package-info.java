/**
 * Orchestrator core: event-driven job orchestration in plain Java.
 *
 * <p>An {@link dev.orchestrator.orchestration.BaseOrchestrator orchestrator} turns intents into
 * {@link dev.orchestrator.job.BaseJob jobs} and dispatches them through a
 * {@link dev.orchestrator.orchestration.Dispatcher dispatcher} to the one
 * {@link dev.orchestrator.orchestration.BaseExecutor executor} registered for the job's type. Executors report
 * what happens as {@link dev.orchestrator.event.BaseEvent events} on a
 * {@link dev.orchestrator.bus.SignalBus signal bus}; orchestrators listen and update their state.
 *
 * <p>This module depends on the JDK only.
 */
@NullMarked
package dev.orchestrator;

import org.jspecify.annotations.NullMarked;
