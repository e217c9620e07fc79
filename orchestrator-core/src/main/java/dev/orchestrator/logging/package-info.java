/** The logging SPI (seed 5.5): {@link dev.orchestrator.logging.OrchestratorLogger} and two simple implementations. */
@NullMarked
package dev.orchestrator.logging;

import org.jspecify.annotations.NullMarked;
