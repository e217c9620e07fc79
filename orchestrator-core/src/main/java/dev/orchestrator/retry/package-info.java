/** Automatic retry with exponential backoff (seed 5.3): {@link dev.orchestrator.retry.RetryPolicy}. */
@NullMarked
package dev.orchestrator.retry;

import org.jspecify.annotations.NullMarked;
