/**
 * The {@link dev.orchestrator.logging.OrchestratorLogger} that writes to SLF4J (Spring Boot's logging).
 */
@NullMarked
package dev.orchestrator.spring.logging;

import org.jspecify.annotations.NullMarked;
