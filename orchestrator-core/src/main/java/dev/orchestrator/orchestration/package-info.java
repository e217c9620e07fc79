/**
 * Orchestrators: {@link dev.orchestrator.orchestration.BaseOrchestrator}, stateful coordinators with
 * active/passive event routing, isolated handlers and a per-event-type circuit breaker.
 */
@NullMarked
package dev.orchestrator.orchestration;

import org.jspecify.annotations.NullMarked;
