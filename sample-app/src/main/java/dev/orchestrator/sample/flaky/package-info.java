/** A flaky dependency: retries with backoff, and a permanent error that is not retried. */
@NullMarked
package dev.orchestrator.sample.flaky;

import org.jspecify.annotations.NullMarked;
