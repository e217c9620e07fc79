/** Explicit cancellation: {@link dev.orchestrator.cancellation.CancellationToken}. */
@NullMarked
package dev.orchestrator.cancellation;

import org.jspecify.annotations.NullMarked;
