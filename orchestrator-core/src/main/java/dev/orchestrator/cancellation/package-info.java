/** Explicit cancellation (seed 5.1): {@link dev.orchestrator.cancellation.CancellationToken}. */
@NullMarked
package dev.orchestrator.cancellation;

import org.jspecify.annotations.NullMarked;
