/**
 * Startup diagnostics: the exception for invalid configuration and the failure analyzer that turns
 * it, and duplicate or unresolvable executors, into a readable report.
 */
@NullMarked
package dev.orchestrator.spring.diagnostics;

import org.jspecify.annotations.NullMarked;
