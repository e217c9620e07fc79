package dev.orchestrator.spring.autoconfigure.scanned;

import dev.orchestrator.job.BaseJob;

/** Test fixture: the job of {@link ScannedExecutor}. */
public final class ScannedJob extends BaseJob {}
