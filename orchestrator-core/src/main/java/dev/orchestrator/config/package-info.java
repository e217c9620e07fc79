/** Configuration: {@link dev.orchestrator.config.OrchestratorConfig}, immutable, with a builder. */
package dev.orchestrator.config;
