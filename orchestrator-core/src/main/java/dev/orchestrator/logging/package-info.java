/** The logging SPI: {@link dev.orchestrator.logging.OrchestratorLogger} and two simple implementations. */
@NullMarked
package dev.orchestrator.logging;

import org.jspecify.annotations.NullMarked;
