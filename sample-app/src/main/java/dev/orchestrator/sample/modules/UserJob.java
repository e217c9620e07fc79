package dev.orchestrator.sample.modules;

import dev.orchestrator.job.BaseJob;
import java.time.Duration;

/**
 * A module's job for one user that takes a given time: logging in, loading an inbox, restoring a
 * cart. Each module has its own subclass, so that each job type has its own executor (and its own
 * {@code orchestrator.jobs.<JobSimpleName>.*} defaults). Immutable.
 */
public abstract class UserJob extends BaseJob {

    private final String user;
    private final Duration duration;

    /**
     * @param user the user the job is for
     * @param duration the time the job takes
     */
    protected UserJob(String user, Duration duration) {
        this.user = user;
        this.duration = duration;
    }

    /** @return the user the job is for */
    public String user() {
        return user;
    }

    /** @return the time the job takes */
    public Duration duration() {
        return duration;
    }
}
