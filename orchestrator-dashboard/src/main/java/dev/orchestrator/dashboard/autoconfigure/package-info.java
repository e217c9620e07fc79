/**
 * Auto-configuration of the dashboard page, for servlet and reactive web applications.
 */
@NullMarked
package dev.orchestrator.dashboard.autoconfigure;

import org.jspecify.annotations.NullMarked;
