/**
 * The signal bus: {@link dev.orchestrator.bus.SignalBus}, global or scoped, with ordered
 * asynchronous delivery to each subscriber.
 */
@NullMarked
package dev.orchestrator.bus;

import org.jspecify.annotations.NullMarked;
