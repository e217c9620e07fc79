/**
 * Jobs and their execution: {@link dev.orchestrator.job.BaseJob}, {@link dev.orchestrator.job.BaseExecutor},
 * the {@link dev.orchestrator.job.Dispatcher}, and the {@link dev.orchestrator.job.JobRegistry} that knows
 * every running and recently finished job.
 */
@NullMarked
package dev.orchestrator.job;

import org.jspecify.annotations.NullMarked;
