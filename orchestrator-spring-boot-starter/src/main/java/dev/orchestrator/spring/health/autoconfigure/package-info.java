/**
 * Auto-configuration of the {@code orchestrator} health indicator, when Spring Boot's health support is present.
 */
@NullMarked
package dev.orchestrator.spring.health.autoconfigure;

import org.jspecify.annotations.NullMarked;
