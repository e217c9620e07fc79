/** The logging SPI (seed 5.5): {@link dev.orchestrator.logging.OrchestratorLogger} and two simple implementations. */
package dev.orchestrator.logging;
