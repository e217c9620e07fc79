/** Automatic retry with exponential backoff (seed 5.3): {@link dev.orchestrator.retry.RetryPolicy}. */
package dev.orchestrator.retry;
