/** Configuration: {@link dev.orchestrator.config.OrchestratorConfig}, immutable, with a builder. */
@NullMarked
package dev.orchestrator.config;

import org.jspecify.annotations.NullMarked;
