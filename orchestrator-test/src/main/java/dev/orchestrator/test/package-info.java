/**
 * Testing support for orchestrators and executors, for tests with JUnit and AssertJ: an
 * {@link dev.orchestrator.test.EventRecorder} that records a bus and waits for what a test expects,
 * {@link dev.orchestrator.test.OrchestratorAssertions} that read like the behaviour contract, a
 * {@link dev.orchestrator.test.StateRecorder} for an orchestrator's states, and
 * {@link dev.orchestrator.test.VirtualTime}, under which retry backoff, timeouts and the circuit
 * breaker's window take no wall time. Plain Java: it needs the core only.
 */
@NullMarked
package dev.orchestrator.test;

import org.jspecify.annotations.NullMarked;
