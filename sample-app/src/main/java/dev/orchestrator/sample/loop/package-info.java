/** A Ping/Pong feedback loop that trips the circuit breaker. */
@NullMarked
package dev.orchestrator.sample.loop;

import org.jspecify.annotations.NullMarked;
