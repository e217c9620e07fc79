/** Automatic retry with exponential backoff: {@link dev.orchestrator.retry.RetryPolicy}. */
@NullMarked
package dev.orchestrator.retry;

import org.jspecify.annotations.NullMarked;
