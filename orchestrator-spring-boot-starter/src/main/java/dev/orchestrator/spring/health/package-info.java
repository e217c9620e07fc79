/**
 * The {@code orchestrator} health indicator.
 */
@NullMarked
package dev.orchestrator.spring.health;

import org.jspecify.annotations.NullMarked;
