/**
 * Events: {@link dev.orchestrator.event.BaseEvent}, the base of domain events, and the job
 * lifecycle events that executors emit. All are immutable.
 */
@NullMarked
package dev.orchestrator.event;

import org.jspecify.annotations.NullMarked;
