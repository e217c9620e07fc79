/**
 * Jobs and their execution: {@link dev.orchestrator.job.BaseJob}, {@link dev.orchestrator.orchestration.BaseExecutor},
 * the {@link dev.orchestrator.orchestration.Dispatcher}, and the {@link dev.orchestrator.orchestration.JobRegistry} that knows
 * every running and recently finished job.
 */
@NullMarked
package dev.orchestrator.job;

import org.jspecify.annotations.NullMarked;
