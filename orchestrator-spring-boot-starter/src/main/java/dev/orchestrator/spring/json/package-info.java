/** Jobs as JSON through the Jackson that Spring Boot configures: {@link dev.orchestrator.spring.json.OrchestratorJacksonModule}. */
@NullMarked
package dev.orchestrator.spring.json;

import org.jspecify.annotations.NullMarked;
