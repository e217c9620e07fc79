package dev.orchestrator.orchestration;

/** Where a running job is now. */
public enum JobStatus {
    /** Waiting for a worker thread (before its first attempt or before a retry). */
    QUEUED,
    /** An attempt is running {@code process} on a worker thread. */
    RUNNING,
    /** An attempt failed; the job waits for its backoff delay before the next one. */
    RETRYING
}
