/**
 * The {@link dev.orchestrator.test.spring.OrchestratorTest @OrchestratorTest} Spring Boot test slice:
 * the orchestrator auto-configuration, the application's executors, orchestrators and buses, an
 * {@link dev.orchestrator.test.EventRecorder} on the global bus, optionally on
 * {@link dev.orchestrator.test.VirtualTime}, and no web layer. Needs {@code spring-boot-starter-test}
 * and the orchestrator starter on the test class path.
 */
@NullMarked
package dev.orchestrator.test.spring;

import org.jspecify.annotations.NullMarked;
