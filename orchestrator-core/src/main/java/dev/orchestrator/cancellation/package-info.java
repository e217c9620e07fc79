/** Explicit cancellation (seed 5.1): {@link dev.orchestrator.cancellation.CancellationToken}. */
package dev.orchestrator.cancellation;
